// Compiles a .typ file to PDF with Typst's npm build, as a cold process: the peer
// of `dossier build --format pdf`. Usage: node typst-compile.cjs in.typ out.pdf fontdir...
const { readFileSync, writeFileSync } = require('node:fs');
const { NodeCompiler } = require('@myriaddreamin/typst-ts-node-compiler');

const [input, output, ...fontPaths] = process.argv.slice(2);
const compiler = NodeCompiler.create({ workspace: process.cwd(), fontArgs: [{ fontPaths }] });
const pdf = compiler.pdf({ mainFileContent: readFileSync(input, 'utf8') });
writeFileSync(output, pdf);
