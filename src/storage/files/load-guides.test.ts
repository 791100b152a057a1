import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadGuides } from './load-guides.ts';
import { ContentError } from '../../core/content/guides.ts';

const SHIPPED = fileURLToPath(new URL('../../../content/guides/', import.meta.url));
type Json = Record<string, unknown>;

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped guides in a temp dir, with `edit` applied to the parsed files first. */
function guidesWith(edit: (files: Map<string, Json>) => void): string {
  const files = new Map<string, Json>();
  for (const name of readdirSync(SHIPPED)) {
    if (name.endsWith('.json')) files.set(name, JSON.parse(readFileSync(join(SHIPPED, name), 'utf8')) as Json);
  }
  edit(files);
  const dir = mkdtempSync(join(tmpdir(), 'netreach-guides-'));
  dirs.push(dir);
  for (const [name, json] of files) writeFileSync(join(dir, name), JSON.stringify(json));
  return dir;
}

/** The node object of a parsed file, to edit in place. */
function nodeOf(files: Map<string, Json>, file: string, id: string): Json {
  const nodes = files.get(file)?.nodes as Record<string, Json> | undefined;
  const node = nodes?.[id];
  if (!node) throw new Error(`test setup: ${file} has no node ${id}`);
  return node;
}

function firstButton(node: Json): Json {
  const button = (node.buttons as Json[][])[0]?.[0];
  if (!button) throw new Error('test setup: node without buttons');
  return button;
}

async function loadError(dir: string): Promise<ContentError> {
  const error: unknown = await loadGuides(dir).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ContentError)) throw new Error(`expected a ContentError, got ${String(error)}`);
  return error;
}

describe('loadGuides on a broken content directory', () => {
  it('an unchanged copy loads', async () => {
    const library = await loadGuides(guidesWith(() => undefined));
    expect(library.get('bleeding', 'ru').guide).toBe('bleeding');
    expect(library.node('overdose', 'en', 'cpr')?.alert).toBe(true);
    expect(library.node('overdose', 'en', 'no-such-node')).toBeUndefined();
    expect(library.node('overdose', 'en', 'constructor')).toBeUndefined();
  });

  it('names a button that leads to a missing node', async () => {
    const dir = guidesWith((files) => {
      firstButton(nodeOf(files, 'overdose.en.json', 'start')).next = 'not-breething';
    });
    const error = await loadError(dir);
    expect(error.name).toBe('ContentError');
    expect(error.file).toBe('overdose.en.json');
    expect(error.reason).toMatch(/node "start": button ".*" leads to missing node "not-breething"/);
  });

  it('names a node nobody can reach', async () => {
    const dir = guidesWith((files) => {
      const nodes = files.get('bleeding.ru.json')?.nodes as Record<string, unknown>;
      nodes.orphan = { text: 'Сирота', buttons: [[{ label: 'Назад', next: 'start' }]] };
    });
    const error = await loadError(dir);
    expect(error.file).toBe('bleeding.ru.json');
    expect(error.reason).toMatch(/node "orphan" cannot be reached/);
  });

  it('names the language whose graph differs', async () => {
    const dir = guidesWith((files) => {
      firstButton(nodeOf(files, 'overdose.en.json', 'check-breathing')).next = 'awake';
    });
    const error = await loadError(dir);
    expect(error.file).toBe('overdose.en.json');
    expect(error.reason).toMatch(/differs from overdose\.ru\.json: node "check-breathing": buttons are/);
  });

  it('names a follow-up that differs between languages', async () => {
    const dir = guidesWith((files) => {
      nodeOf(files, 'crisis.en.json', 'not-safe').followUpAfterSeconds = 60;
    });
    expect((await loadError(dir)).reason).toMatch(/node "not-safe": follow-up check-in\/60s, expected check-in\/180s/);
  });

  it('rejects a label too long for a phone', async () => {
    const dir = guidesWith((files) => {
      firstButton(nodeOf(files, 'sos.ru.json', 'start')).label = 'Передоз, не дышит, не просыпается, посинел, хрипит';
    });
    const error = await loadError(dir);
    expect(error.file).toBe('sos.ru.json');
    expect(error.reason).toMatch(/nodes\.start\.buttons\.0\.0\.label: labels are at most 40 characters/);
  });

  it('rejects an unknown placeholder and a hard-coded emergency number', async () => {
    const dir = guidesWith((files) => {
      const node = nodeOf(files, 'bleeding.en.json', 'waiting');
      node.text = `${String(node.text)} Call {ambulanse} or 112.`;
    });
    const error = await loadError(dir);
    expect(error.reason).toMatch(/unknown placeholder \{ambulanse\}/);
    expect(error.reason).toMatch(/write \{ambulance\} instead of an emergency number/);
  });

  it('requires {ambulance} in the first node of an emergency guide', async () => {
    const dir = guidesWith((files) => {
      const node = nodeOf(files, 'bleeding.ru.json', 'start');
      node.text = String(node.text).replace('{ambulance}', 'скорую');
    });
    expect((await loadError(dir)).reason).toMatch(/start node "start" must contain \{ambulance\}/);
  });

  it('requires {hotlines} in the first node of the crisis guide', async () => {
    const dir = guidesWith((files) => {
      for (const lang of ['ru', 'en']) {
        const node = nodeOf(files, `crisis.${lang}.json`, 'start');
        node.text = String(node.text).replace('{hotlines}', '');
      }
    });
    expect((await loadError(dir)).reason).toMatch(/must contain \{hotlines\}/);
  });

  it('rejects a node id that does not fit callback_data rules', async () => {
    const dir = guidesWith((files) => {
      const nodes = files.get('sos.en.json')?.nodes as Record<string, unknown>;
      nodes['Not-Breathing'] = { text: 'x', buttons: [[{ label: 'x', next: '@end' }]] };
    });
    const error = await loadError(dir);
    expect(error.file).toBe('sos.en.json');
    expect(error.reason).toMatch(/nodes\.Not-Breathing: Invalid key in record: node ids are lowercase/);
  });

  it('rejects a follow-up without its delay', async () => {
    const dir = guidesWith((files) => {
      delete nodeOf(files, 'overdose.ru.json', 'cpr').followUpAfterSeconds;
    });
    expect((await loadError(dir)).reason).toMatch(/followUp and followUpAfterSeconds go together/);
  });

  it('rejects a switch to an unknown guide', async () => {
    const dir = guidesWith((files) => {
      firstButton(nodeOf(files, 'sos.ru.json', 'start')).next = '@guide:burns';
    });
    expect((await loadError(dir)).file).toBe('sos.ru.json');
  });

  it('names invalid JSON, a missing file and a badly named file', async () => {
    const broken = guidesWith(() => undefined);
    writeFileSync(join(broken, 'crisis.ru.json'), '{ "guide": "crisis", ');
    const invalid = await loadError(broken);
    expect(invalid.file).toBe('crisis.ru.json');
    expect(invalid.reason).toMatch(/not valid JSON/);

    const missing = guidesWith((files) => files.delete('bleeding.en.json'));
    expect(await loadError(missing)).toMatchObject({ file: 'bleeding.en.json', reason: 'file is missing' });

    const misnamed = guidesWith((files) => {
      const en = files.get('sos.en.json');
      if (en) files.set('sos.uk.json', en);
    });
    expect((await loadError(misnamed)).file).toBe('sos.uk.json');
  });

  it('rejects a file whose content says another guide than its name', async () => {
    const dir = guidesWith((files) => {
      const en = files.get('sos.en.json');
      if (en) en.lang = 'ru';
    });
    expect((await loadError(dir)).reason).toMatch(/but the file name says "sos", "en"/);
  });
});
