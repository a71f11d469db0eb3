/**
 * A synthetic corpus of reports shaped like the seeds: a title with a year and a city drawn
 * from the division tables, a dateline, paragraphs with figures, programs, policies and
 * place chains down to real villages, and filler sentences in the seeds' style. Deterministic
 * for a seed, so benchmark runs compare like with like.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Divisions } from '../gazetteer/divisions.ts';

const FILLER = [
  '市委、市政府始终坚持把脱贫攻坚作为重大政治任务和第一民生工程,层层压实责任。',
  '深入学习贯彻习近平总书记关于扶贫工作的重要论述,切实提高政治站位。',
  '坚持问题导向,扎实开展“两不愁三保障”突出问题排查整改。',
  '持续激发贫困群众内生动力,营造比学赶超的浓厚氛围。',
  '强化督查考核,严格落实“四个不摘”要求,巩固脱贫成果。',
  '聚焦剩余贫困人口,逐户逐人落实帮扶措施,确保如期脱贫。',
  '加强扶贫资金监管,确保资金安全高效使用。',
  '推进脱贫攻坚与乡村振兴有效衔接,不断提升群众获得感。',
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusInfo {
  dir: string;
  documents: number;
  bytes: number;
}

export function generateCorpus(divisions: Divisions, dir: string, count: number, seed = 2020): CorpusInfo {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const cities = [...divisions.descendants('', 'prefecture')].filter((c) => /市$/.test(c.name));
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    const city = pick(cities);
    const province = divisions.nameOf(city.code.slice(0, 2)) ?? '';
    const counties = [...divisions.descendants(city.code, 'county')];
    if (counties.length < 2) {
      n--;
      continue;
    }
    const county = pick(counties);
    const county2 = pick(counties.filter((c) => c.code !== county.code));
    const towns = [...divisions.descendants(county.code, 'township')].filter((t) => /[镇乡]$/.test(t.name));
    const town = towns.length > 0 ? pick(towns) : null;
    const villages = town ? [...divisions.descendants(town.code, 'village')].filter((v) => v.name.endsWith('村')) : [];
    const village = villages.length > 0 ? pick(villages) : null;
    const year = int(2016, 2020);
    const chain = `${county.name}${town?.name ?? ''}${village?.name ?? ''}`;
    const filler = () => Array.from({ length: int(2, 4) }, () => pick(FILLER)).join('');
    const text = [
      `${year}年${city.name}脱贫攻坚工作总结`,
      '',
      `发布时间:${year + 1}-01-${String(int(1, 28)).padStart(2, '0')} 10:${String(int(0, 59)).padStart(2, '0')}`,
      '',
      `${year}年,我市以习近平新时代中国特色社会主义思想为指导,深入贯彻精准扶贫精准脱贫基本方略。全市脱贫${int(1000, 90000)}人,${int(1, 60)}个贫困村出列,贫困发生率降至${(random() * 3).toFixed(2)}%。${filler()}`,
      '',
      '一、工作开展情况',
      '',
      `(一)产业扶贫。全市投入产业扶贫资金${int(500, 9000)}万元,实施产业项目${int(10, 400)}个,带动贫困户${int(100, 20000)}户增收。${chain}发展特色种养业,建成扶贫车间${int(1, 9)}个,吸纳贫困劳动力${int(10, 300)}人就业。${filler()}`,
      '',
      `(二)健康扶贫。落实贫困人口综合医保政策${int(1000, 99999)}人次,支出${(random() * 9000).toFixed(2)}万元,家庭医生签约服务实现全覆盖。${filler()}`,
      '',
      `(三)政策落实。印发《${city.name}${year}年脱贫攻坚工作要点》《关于加强扶贫资金管理的实施意见》,对照《${province}${year}年贫困县退出实施方案》要求,${county.name}、${county2.name}两县达到退出标准。${filler()}`,
      '',
      `(四)兜底保障。将${int(100, 9000)}户${int(200, 19000)}人纳入低保兜底,发放临时救助资金${int(10, 900)}万元。${filler()}`,
      '',
      `二、下一步工作打算`,
      '',
      `${filler()}${filler()}`,
      '',
    ].join('\n');
    const file = join(dir, `${String(n).padStart(6, '0')}_${city.code}.txt`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  return { dir, documents: count, bytes };
}
