import { describe, expect, it } from 'vitest';
import { csvField, spreadsheetSafeText, toCsv } from './csv';
import { exportedOutputName, exportFolderName, jobFolderName } from './export-names';
import { bytesNeeded, formatByteSize, spaceShortfall } from './free-space';

describe('CSV fields', () => {
  it('quotes only what RFC 4180 requires, doubling quotes inside', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(0.75)).toBe('0.75');
    expect(csvField(null)).toBe('');
    expect(toCsv(['a', 'b'], [['1', null]])).toBe('a,b\r\n1,\r\n');
  });

  it('keeps a spreadsheet from running text as a formula', () => {
    for (const text of ['=1+1', '+1', '-cmd', '@SUM(A1)', '\tx']) expect(spreadsheetSafeText(text)).toBe(`'${text}`);
    expect(spreadsheetSafeText('castle at dusk')).toBe('castle at dusk');
  });
});

describe('names in an export', () => {
  it('sort in the order jobs were made and outputs were numbered', () => {
    const older = jobFolderName({ id: '0mx00001-aaaaaaaaaa', timings: { createdAt: '2024-05-01T09:59:59.999Z' } });
    const newer = jobFolderName({ id: '0mx00002-bbbbbbbbbb', timings: { createdAt: '2024-05-01T10:00:00.000Z' } });
    expect(older).toBe('2024-05-01_09-59-59Z-0mx00001-aaaaaaaaaa');
    expect([newer, older].sort()).toEqual([older, newer]);
    expect(exportedOutputName('output-2.png', 1)).toBe('output-02.png');
    expect(['output-10.webp', exportedOutputName('x.png', 1)].sort()).toEqual(['output-02.png', 'output-10.webp']);
    expect(exportFolderName(new Date('2024-05-01T10:22:33.456Z'))).toBe('redraw-export-2024-05-01_10-22-33Z');
  });
});

describe('free space', () => {
  it('counts whole blocks and a margin, and says what is missing before anything is written', () => {
    expect(bytesNeeded([1, 4097])).toBe(4096 + 8192 + 4 * 1024 * 1024);
    expect(spaceShortfall('/media/usb', 10 * 1024 * 1024, 20 * 1024 * 1024)).toBeNull();
    expect(spaceShortfall('/media/usb', 3 * 1024 ** 3, 512 * 1024 ** 2)).toBe(
      'Not enough space in /media/usb: the export needs about 3.0 GB and 512.0 MB is free. Nothing was written.',
    );
    expect(formatByteSize(900)).toBe('900 bytes');
  });
});
