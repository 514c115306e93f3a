import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

/**
 * The pipeline's structure, checked: no import cycle between files (type-only imports
 * included, as `npx madge --circular --extensions ts src` counts them), and none between
 * the folders of src/, which tell the pipeline's story (model -> template -> document ->
 * layout -> render), each depending only on those before it.
 */
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each file's imports of other files of src/ (static, dynamic and re-exports, types too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files(src)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const targets: string[] = [];
    const add = (specifier: string) => {
      if (!specifier.startsWith('.')) return;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      targets.push(relative(src, target));
    };
    const visit = (node: ts.Node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0]!)) add((node.arguments[0] as ts.StringLiteral).text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(relative(src, file), targets);
  }
  return graph;
}

/** The cycles of a graph: for each strongly connected part with more than one node (or a self-edge), its nodes. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const connect = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const part: string[] = [];
      let top: string;
      do {
        top = stack.pop()!;
        onStack.delete(top);
        part.push(top);
      } while (top !== node);
      if (part.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(part.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return found;
}

describe('the structure of src/', () => {
  const graph = importGraph();

  it('has no import cycle between files', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : '.');
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = folderOf(file);
      const list = folders.get(from) ?? [];
      for (const target of targets) if (folderOf(target) !== from && !list.includes(folderOf(target))) list.push(folderOf(target));
      folders.set(from, list);
    }
    // The top-level files (build.ts, index.ts, paths.ts…) are the pipeline's entry and its small helpers: left out.
    const withoutTop = new Map([...folders].filter(([f]) => f !== '.').map(([f, t]) => [f, t.filter((x) => x !== '.')]));
    expect(cycles(withoutTop)).toEqual([]);
  });

  it('finds a cycle where there is one (the check can fail)', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });
});
