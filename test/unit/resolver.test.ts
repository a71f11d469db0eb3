// The document-level decisions of the extractor (annotation guide v2), each on sentences of
// its own, not on the corpus: subject, report year, page furniture, place variants, policy
// reach, attribution and categories.
import { beforeAll, describe, expect, it } from 'vitest';
import { villageName } from '../../pipeline/gazetteer/build.ts';
import { loadDivisions, type Divisions } from '../../pipeline/gazetteer/divisions.ts';
import { extract } from '../../pipeline/stages/extract/index.ts';
import { ingestBytes } from '../../pipeline/stages/ingest.ts';
import { normalize, urlYear } from '../../pipeline/stages/normalize.ts';
import { segment } from '../../pipeline/stages/segment.ts';
import type { ExtractionRecord } from '../../schemas/index.ts';

let divisions: Divisions;
beforeAll(async () => {
  divisions = await loadDivisions();
});

function read(text: string, url?: string): ExtractionRecord {
  const raw = ingestBytes(Buffer.from(text, 'utf8'), 'r.txt', url ? { url } : undefined);
  return extract(segment(normalize(raw)), divisions);
}
const codes = (r: ExtractionRecord) => r.places.map((p) => p.code);
const figure = (r: ExtractionRecord, surface: string) => r.figures.find((f) => f.surface === surface);

describe('subject: the narrowest place most statements are about', () => {
  it('a province report stays the province; its dateline city names a place but takes nothing', () => {
    const r = read('甘肃贫困县全部摘帽\n新华社兰州3月1日电 记者从甘肃省扶贫办获悉,渭源县、临洮县、岷县等贫困县全部摘帽。\n甘肃省去年减贫12万人,全省贫困发生率降至0.9%。\n今年甘肃省将巩固成果。');
    expect(r.subject).toBe('62');
    expect(codes(r)).toContain('6201');
    expect(figure(r, '12万人')?.place).toBe('62');
  });

  it('a county only implied by its townships is the subject, and their villages link under it', () => {
    const r = read('产业助农增收\n莲峰镇首阳村建成蔬菜大棚60座,北寨镇发展中药材种植2000亩。\n全县贫困户人均增收800元。');
    expect(r.subject).toBe('621123');
    expect(codes(r)).toEqual(expect.arrayContaining(['621123101', '621123101207', '621123105']));
  });

  it('a township report that never names its county: the unique township name and 我镇', () => {
    const r = read('脱贫攻坚工作汇报\n会川镇下辖村委会18个。今年以来,我镇新识别贫困户44户153人,全镇脱贫393户。');
    expect(r.subject).toBe('621123102');
    expect(figure(r, '44户')).toMatchObject({ place: '621123102', category: 'poor_households' });
  });

  it('a county report that names its prefecture and province once stays the county', () => {
    const r = read('渭源县脱贫攻坚综述\n渭源县地处甘肃省定西市。渭源县今年投入资金3亿元。渭源县新建安置点12个。全县脱贫5000人。');
    expect(r.subject).toBe('621123');
  });
});

describe('report year', () => {
  it('reads the URL date as the publication year, not a site clock', () => {
    expect(urlYear('https://news.example.cn/a/201808/31/123.shtml')).toBe(2018);
    expect(urlYear('http://example.cn/html/2019101673989.html')).toBe(2019);
    expect(urlYear('http://example.cn/gov/2012-10/17/content_1.htm')).toBe(2012);
    expect(urlYear('http://example.cn/gz/030942507.html')).toBeNull();
    const r = read('2024年05月15日星期三 设为首页 | 加入收藏\n渭源县产业扶贫见成效\n全县贫困户人均增收800元。', 'http://example.cn/a/20190525/1.shtml');
    expect(r.report_year).toBe(2019);
  });

  it('a trading site\'s repost stamp is no publication date; a campaign phrase dates 今年 when nothing else does', () => {
    expect(read('渭源县产业扶贫见成效\n发布时间:2021-03-02 10:11:12 来源:钢材批发有限公司\n全县贫困户人均增收800元。').report_year).toBeNull();
    expect(read('渭源县工作汇报\n县委将今年确定为“脱贫攻坚决战年”,全县脱贫5000人。').report_year).toBe(2020);
  });

  it('a title range gives its end year; the body fixes 今年; with nothing, null', () => {
    expect(read('渭源县2016年至2020年脱贫攻坚工作总结\n全县脱贫5000人。').report_year).toBe(2020);
    expect(read('工作汇报\n年初县里下达我镇2018年减贫计划,今年实现脱贫393户。').report_year).toBe(2018);
    expect(read('渭源县产业扶贫\n全县贫困户人均增收800元,2015年9月工作组入驻以来成效明显。').report_year).toBeNull();
  });
});

describe('page furniture and converter artefacts', () => {
  it('drops menus and list tails, keeps captions inside the article, removes pinyin in brackets with offsets kept', () => {
    const text = '首页 新闻 财经 体育 教育 军事 科技\n渭源县易地搬迁见成效\n渭源縣養(yǎng)殖產業帶動貧困戶1200戶,全县共建成安置点36个,贫困群众全部入住新居。\n莲峰镇首阳村安置点\n北寨镇安置点\n会川镇安置点\n全县易地扶贫搬迁工作通过省级验收,群众满意度达到98%以上。\n相关新闻\n临洮县召开脱贫攻坚推进会\n';
    const doc = segment(normalize(ingestBytes(Buffer.from(text, 'utf8'), 'r.txt')));
    expect(doc.text).not.toMatch(/首页|yǎng|临洮/);
    expect(doc.text).toContain('养殖');
    expect(doc.text).toContain('北寨镇安置点');
    // Offsets still point into the original: 殖 is 8 characters after 養 (養(yǎng)殖).
    const at = doc.text.indexOf('养殖');
    expect(doc.origin[at + 1]! - doc.origin[at]!).toBe(7);
  });
});

describe('places: names as the text writes them', () => {
  it('speaks of a village by its spoken name (v2)', () => {
    expect(villageName('纳桃村村民委员会')).toBe('纳桃村');
    expect(villageName('小红门村民委员会')).toBe('小红门村');
    expect(villageName('多福巷社区居委会')).toBe('多福巷社区');
    expect(villageName('巴彦芒哈嘎查委员会')).toBe('巴彦芒哈嘎查');
  });

  it('links renamed units, abbreviations and variant characters; a bare village after its township; an unlisted village under it', () => {
    const r = read('宝鸡那曲两地协作\n凤翔县与那曲县开展协作,陜西省支持资金500万元。莲峰镇首阳建成大棚20座,莲峰镇石头沟村新修道路3公里。\n渭源县今年脱贫5000人。');
    expect(codes(r)).toEqual(expect.arrayContaining(['610305', '540602', '61', '621123101207']));
    expect(r.places.find((p) => p.name === '石头沟村')).toMatchObject({ code: null, parent: '621123101' });
  });

  it('a township name many units bear, right before a village, is the one township with that village', () => {
    // 31 townships are named 兴隆镇, 8 of them in Sichuan; one has a village 舒滩村.
    const r = read('市统计局干部走访记\n干部们来到四川省兴隆镇舒滩村开展走访,为26户贫困户送去帮扶物资。');
    expect(codes(r)).toEqual(expect.arrayContaining(['510311102', '510311102201']));
    expect(figure(r, '26户')?.place).toBe('510311102201');
    // Without the village the township stays unresolved: the name alone decides nothing.
    expect(codes(read('市统计局干部走访记\n干部们来到四川省兴隆镇开展走访。'))).not.toContain('510311102');
  });

  it('bare village names a counted noun makes villages (首阳、上街、下街3个贫困村), each the one of its name in the frame', () => {
    const r = read('渭源县定点帮扶\n省直单位定点帮扶首阳、上街、下街3个贫困村,渭源县今年脱贫5000人。');
    expect(codes(r)).toEqual(expect.arrayContaining(['621123101207', '621123101203', '621123101202']));
  });

  it('a place inside a company name or a party committee is no mention', () => {
    const r = read('渭源县产业扶贫\n兰州某某集团与渭源县合作,定西市委常委到渭源县调研。渭源县今年脱贫5000人。');
    expect(codes(r)).not.toContain('6201');
    expect(codes(r)).not.toContain('6211');
  });
});

describe('policies: what a notice concerns', () => {
  it('a nested title is a policy; a basis applies to its issuer; a notice over a set to each place the text lists', () => {
    const r = read('甘肃省贫困县退出公示\n根据《国务院扶贫办关于印发〈贫困县退出专项评估检查实施办法(试行)〉的通知》精神,甘肃省发布《关于同意渭源县等3个县脱贫摘帽的批复》,同意渭源县、临洮县、岷县脱贫摘帽。甘肃省还印发了《批复》。');
    expect(r.policies.map((p) => p.title)).toEqual([
      '国务院扶贫办关于印发〈贫困县退出专项评估检查实施办法(试行)〉的通知',
      '贫困县退出专项评估检查实施办法(试行)',
      '关于同意渭源县等3个县脱贫摘帽的批复',
    ]);
    const placesOf = (title: string) => r.policy_places.filter((p) => p.policy === title).map((p) => p.place).sort();
    expect(placesOf('贫困县退出专项评估检查实施办法(试行)')).toEqual(['CN']);
    expect(placesOf('关于同意渭源县等3个县脱贫摘帽的批复')).toEqual(['621123', '621124', '621126']);
  });

  it('the issuer is the government the title opens with; a name partly in quotes that goes on to a document word is a policy', () => {
    const r = read('渭源县工作总结\n全县认真落实《中共甘肃省委 甘肃省人民政府关于打赢脱贫攻坚战三年行动的实施意见》,制定“3+1”产业扶贫实施方案,完善“一户一策”方案。');
    expect(r.policies.map((p) => [p.title, p.issuer])).toEqual([
      ['中共甘肃省委 甘肃省人民政府关于打赢脱贫攻坚战三年行动的实施意见', '62'],
      ['“3+1”产业扶贫实施方案', '621123'],
    ]);
  });
});

describe('programs: the work itself (v2)', () => {
  it('a microloan for farming is 金融扶贫 only, photovoltaic dividends 光伏扶贫 only, plain farming no program, an outcome no work', () => {
    expect(read('渭源县见闻\n贫困户申请扶贫小额信贷5万元,发展养殖。').programs).toEqual(['金融扶贫']);
    expect(read('渭源县见闻\n村级光伏电站收益用于贫困户分红。').programs).toEqual(['光伏扶贫']);
    expect(read('渭源县概况\n全县主要种植马铃薯和中药材。').programs).toEqual([]);
    expect(read('渭源县概况\n全县义务教育适龄学生入学率达100%,公共服务和基础设施建设水平得到提升。').programs).toEqual([]);
  });
});

describe('attribution and categories', () => {
  it('该村 is the village named last; a list gives the unit containing it; a place after the figure takes it only as destination', () => {
    const r = read('渭源县脱贫攻坚\n首阳村位于莲峰镇西部,距县城20公里,该村共有农户618户。莲峰镇、北寨镇共建成大棚80座。共有350户贫困户迁至北寨镇。');
    expect(figure(r, '20公里')?.place).toBe('621123101207');
    expect(figure(r, '618户')?.place).toBe('621123101207');
    expect(figure(r, '80座')?.place).toBe('621123');
    expect(figure(r, '350户')?.place).toBe('621123105');
  });

  it('counts of at-risk households are poor_*, relocation counts beneficiaries, cooperatives projects', () => {
    const r = read('渭源县巩固脱贫成果\n全县纳入监测对象1200户4500人,其中边缘易致贫户300户。今年搬迁入住贫困户800户,组建专业合作社38个,落实生态护林员岗位500个。');
    expect(figure(r, '1200户')?.category).toBe('poor_households');
    expect(figure(r, '4500人')?.category).toBe('poor_population');
    expect(figure(r, '800户')?.category).toBe('beneficiaries');
    expect(figure(r, '38个')?.category).toBe('projects');
    expect(figure(r, '500个')?.category).toBe('employment');
  });
});
