// Lints source texts at given paths with the repo's ESLint config, boundary rules only, and
// prints the messages as JSON: {"cases":[{"filePath","code"}]} on stdin, one result per case.
// A separate process because ESLint loads eslint.config.mjs with import(), which Jest's CommonJS
// runtime cannot do. Type information is switched off: the boundary rules need only the import
// graph, and the paths need not exist (the type-aware project service would refuse them).
'use strict';
const { join } = require('node:path');
const { ESLint } = require('eslint');

async function main() {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const { cases } = JSON.parse(input);
  const eslint = new ESLint({
    cwd: join(__dirname, '..', '..', '..', '..'),
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false } } },
    ],
    ruleFilter: ({ ruleId }) => ruleId.startsWith('boundaries/'),
  });
  const results = [];
  for (const { filePath, code } of cases) {
    const [result] = await eslint.lintText(code, { filePath });
    results.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
