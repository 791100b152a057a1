// `npm run build` compiles TypeScript only; the training page's static files are read from
// beside the compiled code, so they are copied into dist/ as they are.
import { cpSync } from 'node:fs';

for (const file of ['app.js', 'app.css']) {
  cpSync(`src/emulator/training/${file}`, `dist/emulator/training/${file}`);
}
