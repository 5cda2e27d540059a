import {describe, expect, it} from 'vitest';
import {cpuPercent, createStatsSink, parseStatsBlock, sampleJson, sampleLines, type StatsSample} from '../../../source/commands/vm-stats.js';

const BLOCK = (cpu: string) => `
${cpu}
MemTotal:        4000000 kB
MemFree:          500000 kB
MemAvailable:    1000000 kB
Buffers:           10000 kB
Cached:           200000 kB
@@golem-stats-df
/dev/vda1 20000000 5000000 15000000 25% /
`;

describe('vm stats parsing', () => {
  it('reads /proc/stat, /proc/meminfo and df -P', () => {
    const raw = parseStatsBlock(BLOCK('cpu  100 0 100 700 100 0 0 0 0 0'));
    expect(raw.cpu).toEqual({total: 1000, idle: 800});
    expect(raw.memory).toEqual({usedBytes: 3_000_000 * 1024, totalBytes: 4_000_000 * 1024});
    expect(raw.disk).toEqual({usedBytes: 5_000_000 * 1024, totalBytes: 20_000_000 * 1024});
  });

  it('is defensive: junk, missing /proc, old kernels, spaces in device names', () => {
    expect(parseStatsBlock('garbage\n@@golem-stats-df\nnot df output')).toEqual({cpu: null, memory: null, disk: null});
    expect(parseStatsBlock('cpu  1 x 3 4')).toMatchObject({cpu: null});
    const old = parseStatsBlock('MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 100 kB\nCached: 300 kB\n@@golem-stats-df\nmy disk 10 4 6 40% /');
    expect(old.memory).toEqual({usedBytes: 500 * 1024, totalBytes: 1000 * 1024});
    expect(old.disk).toEqual({usedBytes: 4 * 1024, totalBytes: 10 * 1024});
    expect(cpuPercent({total: 10, idle: 5}, {total: 10, idle: 5})).toBeNull();
    expect(cpuPercent({total: 100, idle: 50}, {total: 200, idle: 125})).toBe(25);
    expect(cpuPercent(null, {total: 1, idle: 1})).toBeNull();
  });

  it('splits a stream cut anywhere into samples, CPU against the previous one', async () => {
    const samples: StatsSample[] = [];
    const sink = createStatsSink((sample) => samples.push(sample), () => new Date('2026-11-30T12:00:00Z'));
    const text = `@@golem-stats-begin${BLOCK('cpu 100 0 100 700 100 0 0 0')}@@golem-stats-end\n@@golem-stats-begin${BLOCK(
      'cpu 150 0 150 750 150 0 0 0',
    )}@@golem-stats-end\n`;
    for (let index = 0; index < text.length; index += 7) {
      await new Promise<void>((resolve) => sink.write(text.slice(index, index + 7), () => resolve()));
    }
    expect(samples).toHaveLength(2);
    expect(samples[0]!.cpuPercent).toBeNull();
    expect(samples[1]!.cpuPercent).toBe(50);
    expect(sampleLines('web-1', samples[1]!)).toEqual([
      "Stats for VM 'web-1' at 12:00:00 UTC",
      '  CPU    : 50.0%',
      '  Memory : 2.9 GiB / 3.8 GiB (75%)',
      '  Disk   : 4.8 GiB / 19.1 GiB (25%)',
    ]);
    expect(sampleJson('web-1', samples[0]!)).toMatchObject({cpu_percent: null, memory: {total_bytes: 4_096_000_000}});
  });
});

describe('vm stats drawing', () => {
  const sample: StatsSample = {cpuPercent: 12.345, memory: {usedBytes: 1024 ** 3, totalBytes: 4 * 1024 ** 3}, disk: null, at: '2026-11-30T12:00:00.000Z'};

  it('on a TTY each frame redraws over the previous one', async () => {
    const {statsRenderer} = await import('../../../source/commands/vm-stats.js');
    let written = '';
    const stdout = {isTTY: true, write: (text: string) => ((written += text), true)} as unknown as NodeJS.WriteStream;
    const draw = statsRenderer({stdout}, 'web-1');
    draw(sample);
    expect(written.startsWith('\u001B[2KStats for VM')).toBe(true);
    written = '';
    draw(sample);
    expect(written.startsWith('\u001B[4A\u001B[2KStats for VM')).toBe(true);
    expect(written).toContain('CPU    : 12.3%');
    expect(written).toContain('Disk   : —');
  });

  it('without a TTY each sample is one plain line', async () => {
    const {statsRenderer} = await import('../../../source/commands/vm-stats.js');
    let written = '';
    const stdout = {isTTY: false, write: (text: string) => ((written += text), true)} as unknown as NodeJS.WriteStream;
    statsRenderer({stdout}, 'web-1')(sample);
    expect(written).toBe("Stats for VM 'web-1' at 12:00:00 UTC CPU : 12.3% Memory : 1.0 GiB / 4.0 GiB (25%) Disk : —\n");
    expect(written).not.toContain('\u001B');
  });
});
