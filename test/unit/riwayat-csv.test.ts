import { csvCell, csvLine, exportFilename, formatJp, jenisPelatihan, slugify } from '../../src/modules/report/riwayat-csv';

describe('riwayat pelatihan CSV', () => {
  it('quotes per RFC 4180 only where needed', () => {
    expect(csvCell('Ani Lubis')).toBe('Ani Lubis');
    expect(csvCell('Lubis, S.Kom')).toBe('"Lubis, S.Kom"');
    expect(csvCell('Pelatihan "Prima"')).toBe('"Pelatihan ""Prima"""');
    expect(csvCell('baris\nkedua')).toBe('"baris\nkedua"');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 'b,c', null])).toBe('a,"b,c",\r\n');
  });

  it('keeps formula-looking cells as text', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}SUM(A1)`).includes(`'${start}`)).toBe(true);
    expect(csvCell('=1+1')).toBe(`'=1+1`);
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell('199001012015011001')).toBe('199001012015011001');
  });

  it('names the training type, the JP and the file as SIASN users expect', () => {
    expect(jenisPelatihan('COURSE', 'TEKNIS', null)).toBe('Pelatihan Teknis');
    expect(jenisPelatihan('CLASSROOM', 'MANAJERIAL', null)).toBe('Pelatihan Manajerial');
    expect(jenisPelatihan('COURSE', 'SOSIAL_KULTURAL', null)).toBe('Pelatihan Sosial Kultural');
    expect(jenisPelatihan('SEMINAR', null, 'WORKSHOP')).toBe('Workshop');
    expect(jenisPelatihan('SEMINAR', null, 'SEMINAR')).toBe('Seminar');
    expect(formatJp('8.0')).toBe('8');
    expect(formatJp('2.5')).toBe('2.5');
    expect(slugify('Dinas Kependudukan dan Pencatatan Sipil Kota Sibolga')).toBe('dinas-kependudukan-dan-pencatatan-sipil-kota-sibolga');
    expect(slugify('Ümran & Çelik')).toBe('umran-celik');
    expect(slugify('!!!')).toBe('instansi');
    expect(exportFilename('Dinas Kesehatan Kota Sibolga', 2026)).toBe('riwayat-pelatihan-dinas-kesehatan-kota-sibolga-2026.csv');
  });
});
