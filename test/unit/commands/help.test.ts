import {describe, expect, it} from 'vitest';
import {commandTable} from '../../../source/commands/index.js';

/** Every command's `--help` (its meow help text) has the three sections people look for (style.md §9). */
describe('--help of every command', () => {
  for (const entry of commandTable) {
    const name = entry.path.join(' ');
    it(`golem ${name} --help has Usage, Options and an Example`, async () => {
      const command = await entry.load();
      const help = command.help;
      expect(help).toMatch(/^\s*Usage\n\s+\$ golem /m);
      expect(help).toContain(`$ golem ${name}`);
      expect(help).toMatch(/^\s*Options\n\s+--?\w/m);
      expect(help).toMatch(/^\s*Examples?\n\s+\$ golem /m);
      // Every flag the command takes is documented.
      for (const [flag, spec] of Object.entries(command.flags)) {
        const kebab = flag.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
        // A boolean that defaults to true is written the way people use it: --no-<flag> (meow negates it).
        const written = spec.type === 'boolean' && spec.default === true ? `--no-${kebab}` : `--${kebab}`;
        expect(help, written).toContain(written);
      }
      expect(command.path).toEqual(entry.path);
    });
  }
});
