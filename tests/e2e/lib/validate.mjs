// The W3C Nu Html Checker (vnu-jar) over a built site: every HTML page and standalone SVG.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Validator messages that are known to be wrong, each with its reason. Keep this list short and
 * specific: a pattern here hides an error in every page.
 */
export const KNOWN_FALSE_POSITIVES = [
  // Empty: charts used to carry `lang` on <svg> (SVG 2), which the checker's SVG 1.1 schema
  // rejects (validator/validator#848); they now carry `xml:lang` only.
];

/** Runs the checker on `dir`; resolves to { errors, warnings, ignored, seconds }. */
export function validate(dir) {
  const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build/dist/vnu.jar');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    // -Xss: the checker's regular expressions recurse deeply on long lines.
    const java = spawn('java', ['-Xss4m', '-jar', jar, '--format', 'json', '--skip-non-html', '--also-check-svg', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    java.stdout.on('data', (d) => (out += d));
    java.stderr.on('data', (d) => (out += d));
    java.on('error', reject);
    java.on('close', () => {
      let messages;
      try {
        messages = JSON.parse(out).messages;
      } catch {
        reject(new Error(`the Nu checker did not answer in JSON:\n${out.slice(0, 2000)}`));
        return;
      }
      const result = { errors: [], warnings: [], ignored: [], seconds: (Date.now() - started) / 1000 };
      for (const m of messages) {
        const where = `${path.relative(dir, decodeURI((m.url ?? '').replace(/^file:/, '')))}:${m.lastLine ?? '?'}`;
        const item = { where, message: m.message, extract: (m.extract ?? '').replace(/\s+/g, ' ').trim() };
        if (m.type === 'error' || m.type === 'non-document-error') {
          const known = KNOWN_FALSE_POSITIVES.find((k) => k.message.test(m.message));
          (known ? result.ignored : result.errors).push({ ...item, reason: known?.reason });
        } else if (m.type === 'info' && m.subType === 'warning') {
          result.warnings.push(item);
        }
      }
      resolve(result);
    });
  });
}
