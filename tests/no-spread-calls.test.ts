import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
import { root } from './helpers.js';

/**
 * A spread into a call's arguments (`push(...a)`, `Math.min(...a)`) or `.apply(_, a)`
 * puts every element on the stack: past ~120k elements the call throws RangeError,
 * which content can reach (a long run of spaces, a long word). None in src/, so no
 * one has to judge which arrays stay small. Array literals (`[...a]`) are fine.
 */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

export function spreadCalls(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) => {
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    return `${relative(root, file)}:${line + 1}:${character + 1}`;
  };
  const visit = (node: ts.Node) => {
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.some(ts.isSpreadElement)) {
      found.push(`${where(node)}: spread into a call: ${node.getText(source).slice(0, 80)}`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'apply' && !forwardsTrapArguments(node)) {
      found.push(`${where(node)}: .apply: ${node.getText(source).slice(0, 80)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * A Proxy's `apply` trap handing its own `args` on (`apply: (_, self, args) =>
 * Reflect.apply(f, self, args)`): they are the arguments of a call already made, no
 * more than that call put on the stack, and there is no other way to pass them on.
 */
function forwardsTrapArguments(call: ts.CallExpression): boolean {
  const trap = call.parent;
  const property = trap?.parent;
  const args = call.arguments[2];
  return (
    ts.isArrowFunction(trap) &&
    property !== undefined &&
    ts.isPropertyAssignment(property) &&
    property.name.getText() === 'apply' &&
    args !== undefined &&
    ts.isIdentifier(args) &&
    trap.parameters.at(-1)?.name.getText() === args.text
  );
}

test('no spread of an array into a call, nor .apply, anywhere in src/', () => {
  const found = sourceFiles(join(root, 'src')).flatMap((file) => spreadCalls(file, readFileSync(file, 'utf8')));
  expect(found, found.join('\n')).toEqual([]);
});

test('the check finds each form it forbids', () => {
  const text = 'a.push(...b); Math.min(...c.keys()); new Set(...d); f.apply(null, e); const ok = [...a]; new Proxy(f, { apply: (_, s, args) => Reflect.apply(f, s, args) });';
  expect(spreadCalls(join(root, 'x.ts'), text).map((s) => s.split(': ')[1])).toEqual(['spread into a call', 'spread into a call', 'spread into a call', '.apply']);
});
