import { beforeAll, describe, expect, it } from 'vitest';
import { buildDivisionTable, tableToTsv, villageOrder } from '../../pipeline/gazetteer/build.ts';
import { buildDivisionData, Divisions, loadDivisions } from '../../pipeline/gazetteer/divisions.ts';
import { extractPlaces } from '../../pipeline/stages/extract/places.ts';
import { fromText, seed } from '../helpers/docs.ts';

let divisions: Divisions;
beforeAll(async () => {
  divisions = await loadDivisions();
});

const codes = (text: string) => {
  const r = extractPlaces(fromText(text), divisions);
  return { codes: [...new Set(r.mentions.map((m) => m.code))].sort(), subject: r.subject, mentions: r.mentions };
};

describe('places: recognition', () => {
  it('links full names and standard short names', () => {
    const r = codes('六安市脱贫攻坚工作总结\n今年,我市金寨县、霍邱县摘帽。六安、合肥两地加强协作。');
    expect(r.codes).toEqual(['3401', '3415', '341522', '341524']);
    expect(r.subject).toBe('3415');
  });

  it('expands a coordinated list with a shared suffix', () => {
    const r = codes('淮北市概况\n淮北下辖濉溪县和相山、杜集、烈山三区。');
    expect(r.codes).toEqual(['3406', '340602', '340603', '340604', '340621']);
    expect(r.mentions.filter((m) => m.kind === 'list').map((m) => m.surface)).toEqual(['相山', '杜集', '烈山']);
  });

  it('follows chains down to the village, also when 镇 is left out', () => {
    expect(codes('淮南市扶贫纪实\n省重点督战村涉及我市寿县大顺镇官塘村。').codes).toContain('340422120204');
    const r = codes('阜阳市扶贫纪实\n颍上县西三十铺洪单村的扶贫车间开工了。');
    expect(r.codes).toEqual(expect.arrayContaining(['341226', '341226117', '341226117208']));
  });

  it('picks the namesake inside the place named before it (梅山村 of 舒城县, not of 金寨县)', () => {
    expect(codes('六安市工作总结\n舒城县五显镇梅山村发展茶叶。').codes).toContain('341523111207');
    expect(codes('六安市工作总结\n金寨县梅山镇发展茶叶。').codes).not.toContain('341523111207');
  });

  it('does not link a village or township without a parent in context', () => {
    // 官塘村 exists in a dozen provinces; nothing here says which.
    expect(codes('脱贫攻坚纪实\n官塘村的贫困户发展养殖。').codes).toEqual([]);
    expect(codes('脱贫攻坚纪实\n大顺镇召开扶贫会议。').codes).toEqual([]);
  });

  it('links a renamed township to its current code (马集乡 → 马集镇 of 太和县)', () => {
    const r = codes('阜阳市扶贫纪实\n家住太和县马集乡港南村的贫困户发展养殖。');
    expect(r.codes).toEqual(expect.arrayContaining(['341222', '341222129', '341222129201']));
    expect(r.mentions.find((m) => m.code === '341222129')?.surface).toBe('马集乡');
  });

  it('links autonomous counties and ethnic townships written without their peoples', () => {
    expect(codes('宜昌市脱贫攻坚总结\n长阳县、五峰县实施易地扶贫搬迁1.2万人。').codes).toEqual(expect.arrayContaining(['420528', '420529']));
    expect(codes('盘州市脱贫攻坚汇报\n保田镇、普古乡建成扶贫车间26个。').codes).toEqual(expect.arrayContaining(['520281106', '520281211']));
  });

  it('keeps a unit missing from the tables unlinked, under its parent', () => {
    const r = extractPlaces(fromText('淮南市扶贫纪实\n毛集实验区招商引资保持良好增长态势,综合实验区建设加快。'), divisions);
    const unit = r.mentions.find((m) => m.name === '毛集实验区');
    expect(unit).toMatchObject({ code: null, parent: '3404', level: 'county' });
    expect(r.mentions.some((m) => m.name === '综合实验区')).toBe(false);
  });

  it('links places outside the report province', () => {
    expect(codes('阜阳市就业扶贫\n组织开行宁波、义乌等城市的返岗专车。').codes).toEqual(expect.arrayContaining(['3302', '330782']));
    expect(codes('六安市结对帮扶\n庐江县为我市金寨县提供帮扶资金。').codes).toEqual(expect.arrayContaining(['340124', '341524']));
  });

  it('does not take organisations, regions, meetings or ordinary words for places', () => {
    const r = codes('扶贫纪实\n淮南日报社记者在淮北平原和大别山区采访,学习重庆座谈会精神和视察安徽重要讲话。资源整合,同心协力。');
    expect(r.codes).toEqual([]);
  });
});

describe('places: subject', () => {
  it('is found from the title, the body and the source line for the five seeds', () => {
    expect(extractPlaces(seed('000'), divisions).subject).toBe('3406');
    expect(extractPlaces(seed('001'), divisions).subject).toBe('3404');
    expect(extractPlaces(seed('002'), divisions).subject).toBe('3412');
    expect(extractPlaces(seed('003'), divisions).subject).toBe('3415');
    expect(extractPlaces(seed('004'), divisions).subject).toBe('130682');
  });

  it('is a county-level city when 我市 speaks for it', () => {
    expect(codes('我市脱贫攻坚纪实\n(来源:界首发布)\n界首市今年实现脱贫。我市将继续努力。').subject).toBe('341282');
  });

  it('is the narrowest place of a chain in the title; 凉山州 is the autonomous prefecture', () => {
    const r = codes('凉山州昭觉县:村民搬进新家\n昭觉县是深度贫困县。凉山州委出台实施方案,全县搬迁群众稳得住。');
    expect(r.subject).toBe('513431');
    expect(r.codes).toEqual(['5134', '513431']);
  });
});

describe('division index', () => {
  it('holds every level of the official tables', () => {
    expect(divisions.size).toBeGreaterThan(600_000);
    expect(divisions.nameOf('34')).toBe('安徽省');
    expect(divisions.nameOf('341523111207')).toBe('梅山村');
    expect([...divisions.descendants('341222129', 'village')].map((v) => v.name)).toContain('港南村');
  });

  it('is the same when built from the tables in memory (a read-only install without the cache)', async () => {
    const table = await buildDivisionTable();
    const fresh = new Divisions(buildDivisionData(tableToTsv(table), villageOrder(table)));
    expect(fresh.size).toBe(divisions.size);
    expect(fresh.nameOf('341523111207')).toBe('梅山村');
    expect(fresh.villagesNamed('341523', '梅山村')).toEqual(divisions.villagesNamed('341523', '梅山村'));
    expect(fresh.lookup('金寨')).toEqual(divisions.lookup('金寨'));
  }, 60_000);
});
