// Reads a workbook and a CSV for people with SheetJS (npm xlsx), an
// independent reader, and prints what a spreadsheet with Dutch settings
// gets: for every cell its type ("n" number, "s" text, "z" empty) and
// value. Used by tabular's TestIndependentReader and the browser tests'
// TestDownloadsInAnotherReader (e2e/spreadsheets_test.go).
//
// usage: node readsheet.cjs FILE.xlsx [FILE.csv]   (NODE_PATH=e2e/node_modules)
'use strict';
const fs = require('fs');
const XLSX = require('xlsx');

function cells(ws) {
  const range = XLSX.utils.decode_range(ws['!ref']);
  const out = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row = [];
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = ws[XLSX.utils.encode_cell({ r, c })];
      row.push(cell ? { t: cell.t, v: cell.v, z: cell.z || '' } : { t: 'z', v: null, z: '' });
    }
    out.push(row);
  }
  return out;
}

// A Dutch spreadsheet reads a CSV field as a number when it is digits with
// an optional minus and an optional decimal comma (no thousands separator);
// anything else stays text. SheetJS has no Dutch locale for CSV, so read
// the fields as text and apply that rule.
const dutchNumber = /^-?\d+(,\d+)?$/;

function csvCells(path) {
  let text = fs.readFileSync(path, 'utf8');
  const bom = text.charCodeAt(0) === 0xfeff;
  if (bom) text = text.slice(1);
  const wb = XLSX.read(text, { type: 'string', FS: ';', raw: true });
  const ws = wb.Sheets[wb.SheetNames[0]];
  const rows = cells(ws).map(row => row.map(cell => {
    if (cell.t === 'z') return cell;
    const s = String(cell.v);
    if (dutchNumber.test(s)) return { t: 'n', v: Number(s.replace(',', '.')), z: '' };
    return { t: 's', v: s, z: '' };
  }));
  return { bom, crlf: text.includes('\r\n'), rows };
}

const wb = XLSX.read(fs.readFileSync(process.argv[2]), { type: 'buffer', cellNF: true, cellStyles: true });
const ws = wb.Sheets[wb.SheetNames[0]];
const out = {
  sheets: wb.SheetNames,
  creator: (wb.Props || {}).Author || '',
  created: wb.Props && wb.Props.CreatedDate ? new Date(wb.Props.CreatedDate).toISOString() : '',
  autofilter: ws['!autofilter'] ? ws['!autofilter'].ref : '',
  xlsx: cells(ws),
  csv: process.argv[3] ? csvCells(process.argv[3]) : null,
};
process.stdout.write(JSON.stringify(out));
