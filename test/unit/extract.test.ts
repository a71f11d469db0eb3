import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions, type Divisions } from '../../pipeline/gazetteer/divisions.ts';
import { extract } from '../../pipeline/stages/extract/index.ts';
import { maskPersons } from '../../pipeline/stages/mask-persons.ts';
import { fromText, seed } from '../helpers/docs.ts';

let divisions: Divisions;
beforeAll(async () => {
  divisions = await loadDivisions();
});
const run = (text: string, meta: Partial<ReturnType<typeof fromText>['meta']> = {}) => {
  const doc = fromText(text);
  return extract({ ...doc, meta: { ...doc.meta, ...meta } }, divisions);
};
const figures = (text: string) => run(text).figures.map((f) => ({ surface: f.surface, value: f.value, unit: f.unit, approx: f.approx }));

describe('figures: detection and normalisation', () => {
  it('applies 万 and 亿 to any unit and keeps money in 元', () => {
    expect(figures('六安市总结\n全市投入资金7.57亿元,帮扶5.96万户、15.9万人次,支出1793万元。')).toEqual([
      { surface: '7.57亿元', value: 757000000, unit: '元', approx: false },
      { surface: '5.96万户', value: 59600, unit: '户', approx: false },
      { surface: '15.9万人次', value: 159000, unit: '人次', approx: false },
      { surface: '1793万元', value: 17930000, unit: '元', approx: false },
    ]);
  });

  it('reads percentages, approximate markers and thousands separators', () => {
    expect(figures('六安市总结\n贫困发生率降至0.23%,带动4000多户,近500人,约1,200个岗位,收入3000元左右。')).toEqual([
      { surface: '0.23%', value: 0.23, unit: '%', approx: false },
      { surface: '4000多户', value: 4000, unit: '户', approx: true },
      { surface: '500人', value: 500, unit: '人', approx: true },
      { surface: '1,200个', value: 1200, unit: '个', approx: true },
      { surface: '3000元左右', value: 3000, unit: '元', approx: true },
    ]);
  });

  it('splits ranges and enumerations into one figure per number with the shared unit', () => {
    expect(figures('六安市总结\n每户补助3至5万元,分别学习5次、6次,价格7-8千元。')).toEqual([
      { surface: '3', value: 30000, unit: '元', approx: true },
      { surface: '5万元', value: 50000, unit: '元', approx: true },
      { surface: '5次', value: 5, unit: '次', approx: false },
      { surface: '6次', value: 6, unit: '次', approx: false },
      { surface: '7', value: 7000, unit: '元', approx: true },
      { surface: '8千元', value: 8000, unit: '元', approx: true },
    ]);
  });

  it('counts people for a number with 万 and a people noun', () => {
    expect(figures('六安市总结\n惠及40万贫困群众,总人口52.6万。')).toEqual([
      { surface: '40万', value: 400000, unit: '人', approx: false },
      { surface: '52.6万', value: 526000, unit: '人', approx: false },
    ]);
  });

  it('excludes years, dates, durations, ages, ranks, codes, phone numbers and slogan numbers', () => {
    expect(figures('六安市总结\n2019年11月底,1—5月份,连续3年,6个季度,冲刺100天,60岁以上,排名第6位,206国道,热线0564-12345,执行“351”“180”政策,12345防贫机制。')).toEqual([]);
  });

  it('produces no figure for a unit whose number is missing', () => {
    const r = run('阜阳市纪实\n新华网合肥月日电 截止到年底,阜阳全市还有万人未脱贫,脱贫不稳定户户人。全市个贫困村出列,确定了个重点村,梳理出大类项个问题,提供万个岗位,收入低于元。'.repeat(3));
    expect(r.digits_damaged).toBe(true);
    expect(r.figures).toEqual([]);
  });
});

describe('figures: metric names', () => {
  const metrics = (text: string) => run(text).figures.map((f) => [f.surface, f.metric]);

  it('names what is measured without dates, other numbers, verbs of change or the counted words before', () => {
    expect(metrics('黔西市工作汇报\n全市建档立卡贫困人口从2014年底的10.6万人减少到2019年底的1432人,贫困发生率由11.3%下降到0.15%。')).toEqual([
      ['10.6万人', '建档立卡贫困人口'], ['1432人', '建档立卡贫困人口'], ['11.3%', '贫困发生率'], ['0.15%', '贫困发生率'],
    ]);
    expect(metrics('定西市工作汇报\n定西市累计减少贫困人口78.2万人。')).toEqual([['78.2万人', '减少贫困人口']]);
    expect(metrics('黔西市工作汇报\n累计投入财政专项扶贫资金12.8亿元,光伏电站年收益约560万元。')).toEqual([
      ['12.8亿元', '财政专项扶贫资金'], ['560万元', '光伏电站年收益'],
    ]);
  });

  it('names a count by the words after its measure word, one item of a list at a time', () => {
    expect(metrics('黔西市工作汇报\n组建13个专项巡察组,安置点配套建设学校3所、卫生院2所。')).toEqual([
      ['13个', '专项巡察组'], ['3所', '安置点配套建设学校'], ['2所', '卫生院'],
    ]);
  });
});

describe('figures: attribution', () => {
  it('takes the place and year of the clause, 全省 for the province, else the subject and report year', () => {
    const r = run('2019年六安市脱贫攻坚工作总结\n金寨县今年脱贫13705人。在全省16个地市中排名第6位。贫困发生率由2014年的2.7%降至2019年的0.1%。');
    const by = (s: string) => r.figures.find((f) => f.surface === s);
    expect(by('13705人')).toMatchObject({ place: '341524', year: 2019, category: 'lifted_population' });
    expect(by('16个')).toMatchObject({ place: '34' });
    expect(by('2.7%')).toMatchObject({ place: '3415', year: 2014, category: 'poverty_rate' });
    expect(by('0.1%')).toMatchObject({ year: 2019 });
  });

  it('in a report with sections, carries a year set at the opening of a paragraph to the paragraphs after it', () => {
    const r = run('淮北市综述\n产业扶贫提质增效\n一鼓作气。2019年我市坚持问题导向。\n投入产业扶贫资金4268万元,实施项目317个。\n健康扶贫稳步推进\n2020年是收官之年。');
    expect(r.figures.find((f) => f.surface === '4268万元')).toMatchObject({ year: 2019, category: 'funds', program: '产业扶贫' });
  });

  it('in a news story, a paragraph\'s opening year governs that paragraph only', () => {
    const r = run('淮北产业扶贫见成效\n2017年初,淮北市实施产业扶贫项目,当年投入资金300万元。\n全市共投入产业扶贫资金4268万元,实施项目317个。', { reportYear: 2018 });
    expect(r.figures.find((f) => f.surface === '300万元')?.year).toBe(2017);
    expect(r.figures.find((f) => f.surface === '4268万元')?.year).toBe(2018);
  });

  it('dates a from–to pair at each end, 去年 / N年前 from the report year, and skips comparison bases', () => {
    const r = run('淮北市综述\n贫困发生率从2014年的2.7%降至0.1%。人均收入由10年前的不足500元,增至去年的7139元,比2012年增长了1.7倍。', { reportYear: 2019 });
    const year = (surface: string) => r.figures.find((f) => f.surface === surface)?.year;
    expect([year('2.7%'), year('0.1%'), year('500元'), year('7139元'), year('1.7倍')]).toEqual([2014, 2019, 2009, 2018, 2018]);
  });
});

describe('policies and programs', () => {
  it('reads titles in 《》 and document titles in quotes, not publications or slogans', () => {
    const r = run('六安市总结\n我市印发《六安市2018年脱贫攻坚成效考核整改工作方案》和“财政扶贫资金管理办法”,对照《安徽省2019年贫困县退出实施方案》要求,霍邱县、金寨县两县达到退出标准。《中国扶贫》杂志报道了我市做法,实行“一户一方案、一人一措施”。');
    expect(r.policies.map((p) => [p.title, p.issuer, p.year])).toEqual([
      ['六安市2018年脱贫攻坚成效考核整改工作方案', '3415', 2018],
      ['财政扶贫资金管理办法', '3415', null],
      ['安徽省2019年贫困县退出实施方案', '34', 2019],
    ]);
    const applies = r.policy_places.filter((p) => p.policy === '安徽省2019年贫困县退出实施方案').map((p) => p.place);
    expect(applies.sort()).toEqual(['341522', '341524']);
  });

  it('marks national bodies as the issuer CN', () => {
    const r = run('六安市总结\n我市做法得到肯定,9月份六部委联合印发的《财政专项扶贫资金绩效管理操作指南》吸纳了我市做法。');
    expect(r.policies[0]).toMatchObject({ issuer: 'CN' });
  });

  it('takes the issuer named nearest before each title: national, provincial or our own', () => {
    const r = run('花垣县工作汇报\n按照国务院扶贫办《关于开展扶贫扶志行动的意见》和省委办公厅“关于加强驻村帮扶工作的通知”要求,县委印发《花垣县驻村帮扶实施方案》。');
    expect(r.policies.map((p) => [p.title, p.issuer])).toEqual([
      ['关于开展扶贫扶志行动的意见', 'CN'], ['关于加强驻村帮扶工作的通知', '43'], ['花垣县驻村帮扶实施方案', '433124'],
    ]);
  });

  it('gives a figure to the village of a chain, and to the report\'s place over a list', () => {
    const r = run('兰考县脱贫攻坚总结\n仪封乡代庄村发展蜜瓜种植200余亩,堌阳镇、仪封乡建成扶贫车间12个。');
    expect(r.figures.map((f) => [f.surface, f.place])).toEqual([['200余亩', '410225108203'], ['12个', '410225']]);
  });

  it('reads 全州 / 全市 by their level: a county report\'s 全州 is its prefecture', () => {
    const r = run('花垣县工作汇报\n全县减少贫困人口1.2万人,全州选派驻村干部3330名,湘西州8个贫困县全部摘帽。');
    expect(r.figures.map((f) => [f.surface, f.place])).toEqual([['1.2万人', '433124'], ['3330名', '4331'], ['8个', '4331']]);
  });

  it('recognises a program by the work described, not by a word inside a title it only issues', () => {
    const r = run('六安市总结\n我市印发《光伏扶贫电站管理办法》。全市扎实开展“双基”建设和稳岗就业。');
    expect(r.programs.sort()).toEqual(['基础设施建设', '就业扶贫']);
    expect(run('六安市总结\n严格执行《安徽省光伏扶贫电站收益分配管理实施细则》。').programs).toEqual(['光伏扶贫']);
  });

  it('links a program to the narrowest place of its statement, else to the subject', () => {
    const pairs = (text: string) => run(text).program_places.map((p) => `${p.program}|${p.place}`).sort();
    expect(pairs('阜阳市纪实\n临泉县艾亭镇桃花店村设立公益保洁岗位。')).toEqual(['公益岗位|341221111205']);
    expect(pairs('阜阳市纪实\n全市持续推进光伏扶贫。')).toEqual(['光伏扶贫|3412']);
    // The counties belong to another clause: the program is the city's.
    expect(pairs('宝鸡市年度总结\n这一年,麟游、陇县、太白3个贫困县顺利脱贫摘帽,产业扶贫成效不断扩大。')).toEqual(['产业扶贫|6103']);
    // A program opening the sentence is its topic; an opening place frames the clauses after it.
    expect(pairs('六安市总结\n结对帮扶方面,今年合肥市为金寨县、霍邱县提供帮扶资金。')).toEqual(['结对帮扶|341522', '结对帮扶|341524']);
    expect(pairs('菏泽市纪实\n在牡丹区高庄镇,一处产业园区交出答卷,吸纳就业300人。')).toEqual(['产业扶贫|371702105', '就业扶贫|371702105']);
    // A sentence naming no place continues the one before it when that one opens on a place.
    expect(pairs('大同市纪实\n浑源县南榆林乡泥沟村的贫困户坐在新房里。她家去年通过易地扶贫搬迁住进新居。')).toEqual(['易地扶贫搬迁|140225208']);
    // …or when it opens on an anaphor (他, 该 + noun), after a lead-in of time or attribution.
    expect(pairs('阜阳市纪实\n58岁的老马是临泉县艾亭镇桃花店村的建档立卡贫困户。3年来,他在驻村工作队的帮扶下养起了鸡。')).toEqual(['驻村帮扶|341221111205']);
    expect(pairs('阜阳市纪实\n11月26日,临泉县艾亭镇桃花店村的贫困户说,光伏扶贫让他家增收。')).toEqual(['光伏扶贫|341221111205']);
    // Pieces split at a semicolon are one statement.
    expect(pairs('阜阳市纪实\n在临泉县艾亭镇,园区按“四金”模式运行:企业流转土地,贫困户获得租金;进入园区打工,贫困户获得薪金。')).toEqual(['就业扶贫|341221111']);
    // An anaphoric sentence after a program statement names the places it reached.
    expect(pairs('阜阳市纪实\n今年全市新建易地扶贫搬迁安置点3个。据了解,该批次搬迁群众来自临泉县、太和县。'))
      .toEqual(['易地扶贫搬迁|3412', '易地扶贫搬迁|341221', '易地扶贫搬迁|341222']);
  });

  it('reads an ordinary word as a program trigger in a sentence that continues one about poverty work', () => {
    expect(run('绥化市纪实\n绥滨县多元促进贫困群众增收。绥滨县大力发展光伏。').programs).toEqual(['光伏扶贫']);
    expect(run('绥化市纪实\n绥滨县修通了公路。绥滨县大力发展光伏。').programs).toEqual([]);
    // Only within the paragraph.
    expect(run('绥化市纪实\n绥滨县多元促进贫困群众增收。\n绥滨县大力发展光伏。').programs).toEqual([]);
  });

  it('gives every fact its sentence and offsets in the original file', () => {
    const doc = seed('003');
    const r = extract(doc, divisions);
    for (const f of r.figures) {
      expect(f.evidence!.end).toBeGreaterThan(f.evidence!.start);
      expect(f.evidence!.sentence).toContain(f.surface);
    }
    expect(r.program_places.every((p) => p.evidence && p.evidence.sentence.length > 0)).toBe(true);
  });
});

describe('figures: rates, parts and facts (totals that add up)', () => {
  const kinds = (text: string) => {
    const r = run(`六安市总结\n${text}`);
    const surface = new Map(r.figures.map((f) => [f.id, f.surface]));
    return r.figures.map((f) => [f.surface, f.per ?? null, f.partOf ? surface.get(f.partOf) : null]);
  };

  it('marks rates with the unit they are per; a from–to pair shares its rate, a count after it does not', () => {
    expect(kinds('月人均补助324元,户均增收3000元,带动1000户。')).toEqual([['324元', '人', null], ['3000元', '户', null], ['1000户', null, null]]);
    expect(kinds('贫困人口人均纯收入由2014年的2000元增至2019年的8000元。')).toEqual([['2000元', '人', null], ['8000元', '人', null]]);
    expect(kinds('平均每村集体收入5万元,亩均增收800元。')).toEqual([['5万元', '村', null], ['800元', '亩', null]]);
    expect(kinds('投入资金1.2亿元,受益群众3万人。')).toEqual([['1.2亿元', null, null], ['3万人', null, null]]);
    // The rate's denominator is a figure too: 每吸纳1人 … 1000元 is 1000 元 per 人.
    expect(kinds('企业每吸纳1人就业奖补1000元,共帮扶劳动力452人。')).toEqual([['1人', '人', null], ['1000元', '人', null], ['452人', null, null]]);
  });

  it('links parts to their whole: 其中 / 含 / 包括 in the same statement, and a bracketed breakdown', () => {
    expect(kinds('全市投入资金5000万元,其中中央资金2000万元、省级资金1000万元,带动3000人就业。')).toEqual([
      ['5000万元', null, null], ['2000万元', null, '5000万元'], ['1000万元', null, '5000万元'], ['3000人', null, null],
    ]);
    expect(kinds('监测对象16369户54851人(脱贫不稳定户5018户18684人),风险消除率49%。')).toEqual([
      ['16369户', null, null], ['54851人', null, null], ['5018户', null, '16369户'], ['18684人', null, '54851人'], ['49%', null, null],
    ]);
    // A new statement (;) ends the breakdown; 含金量 is no marker.
    expect(kinds('投入资金800万元,含省级资金300万元;另投入200万元建设道路。')).toEqual([['800万元', null, null], ['300万元', null, '800万元'], ['200万元', null, null]]);
    expect(kinds('产业含金量提升,投入资金600万元。')).toEqual([['600万元', null, null]]);
  });

  it('gives a figure repeated in the lead and the body one fact key', () => {
    const r = run('六安市总结\n2019年全市投入专项扶贫资金7.57亿元。\n正文:2019年全市投入专项扶贫资金7.57亿元,惠及群众。');
    expect(r.figures).toHaveLength(2);
    expect(r.figures[0]!.factKey).toBe(r.figures[1]!.factKey);
    expect(r.figures[0]!.id).not.toBe(r.figures[1]!.id);
  });
});

describe('privacy', () => {
  it('masks the names of villagers and poor households: after a role word, coordinated, name first, spaced, in both scripts', () => {
    expect(maskPersons('家住太和县马集乡港南村的贫困户刘维申在政府帮扶下')).toBe('家住太和县马集乡港南村的贫困户刘某某在政府帮扶下');
    expect(maskPersons('村党支部书记吕清华这样认为')).toBe('村党支部书记吕某某这样认为');
    expect(maskPersons('建档立卡户吴小兵、脱贫户周强和村民朱红梅都说好')).toBe('建档立卡户吴某某、脱贫户周某和村民朱某某都说好');
    expect(maskPersons('贫困户 王建军说')).toBe('贫困户 王某某说');
    expect(maskPersons('村民王大明和李小华养了鸡')).toBe('村民王某某和李某某养了鸡');
    expect(maskPersons('刘德华是村里的贫困户')).toBe('刘某某是村里的贫困户');
    expect(maskPersons('村民麦提玉素普·吐尔逊在照看牲畜')).toBe('村民麦某某某某·某某某在照看牲畜');
    // A name found once is masked wherever else it is written (a speaker label).
    expect(maskPersons('村支书马召团说,要发展。\n马召团:村民有动力。')).toBe('村支书马某某说,要发展。\n马某某:村民有动力。');
    // Words after a role are not names; officials are public persons.
    for (const plain of ['贫困户全部脱贫', '贫困户和边缘户', '村民们', '村民林业收入增加', '群众满意度高', '县长高勇介绍']) expect(maskPersons(plain)).toBe(plain);
  });

  it('masks every stored field of a report, traditional script included', () => {
    const doc = fromText('貧困戶劉維申的脫貧路\n太和縣馬集鄉港南村貧困戶劉維申養羊50隻,劉維申說,收入3萬元。');
    const r = extract(doc, divisions);
    expect(doc.text + doc.surfaceText + doc.meta.title).not.toMatch(/刘维申|劉維申/);
    expect(JSON.stringify(r)).not.toMatch(/刘维申|劉維申|维申|維申/);
    expect(r.figures[0]!.evidence?.sentence).toContain('貧困戶劉某某');
    const seedRecord = JSON.stringify(extract(seed('002'), divisions));
    for (const name of ['刘维申', '马明芳', '吕清华']) expect(seedRecord).not.toContain(name);
  });
});
