import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../pipeline/stages/ingest.ts';
import { FIXTURES, fromFile, fromText, seed, SEEDS } from '../helpers/docs.ts';

describe('normalize on the seed reports', () => {
  it('keeps only the article body of a page saved as text (001): no sidebar, widgets or footer', () => {
    const doc = seed('001');
    expect(doc.meta.title).toBe('向全面小康发起最强总攻');
    expect(doc.meta.publishedAt).toBe('2020-07-02');
    expect(doc.text).toContain('市委、市政府坚持把脱贫攻坚这一重大政治任务和第一民生工程抓在手上');
    for (const furniture of ['怀新平系列言论专栏', '毛集实验区招商引资', '八公山区全力应对H7N9', '【字体', '【打印】', '首页 >', '淮南日报社记者署名', 'ICP备', '版权所有', '感谢您对淮南网的支持', '|']) {
      expect(doc.text).not.toContain(furniture);
    }
  });

  it('converts traditional to simplified and keeps the original characters for surfaces (004)', () => {
    const doc = seed('004');
    expect(doc.meta.script).toBe('hant');
    expect(doc.text).toContain('我市决战决胜脱贫攻坚纪实');
    expect(doc.surfaceText).toContain('我市決戰決勝脫貧攻堅紀實');
    expect(doc.text.length).toBe(doc.surfaceText.length);
    expect(doc.meta.reportYear).toBe(2020);
    expect(doc.meta.outlet).toBe('定州本地手册');
  });

  it('maps every clean position back to the same character in the original file', () => {
    for (const prefix of ['000', '001', '003', '004']) {
      const doc = seed(prefix);
      const file = { '000': '000_445ff2163f320870.txt', '001': '001_eca2cb540d4b46b8.txt', '003': '003_3847208e6bb776c7.txt', '004': '004_d4d5ce0b380d4b18.txt' }[prefix]!;
      const original = ingestFile(resolve(SEEDS, file), { root: SEEDS, maxFileBytes: 1e7 }).text;
      let checked = 0;
      for (let i = 0; i < doc.text.length; i += 7) {
        if (doc.text[i] === '\n') continue;
        const o = original[doc.origin[i]!]!;
        // Full-width forms become half-width; every other character is the original one.
        expect(doc.surfaceText[i]).toBe(o.charCodeAt(0) >= 0xff01 && o.charCodeAt(0) <= 0xff5e ? String.fromCharCode(o.charCodeAt(0) - 0xfee0) : o === '\u3000' ? ' ' : o);
        checked++;
      }
      expect(checked).toBeGreaterThan(200);
    }
  });

  it('rejoins a paragraph broken in the middle of a sentence (000)', () => {
    const doc = seed('000');
    expect(doc.text).toContain('紧紧围绕三年行动脱贫目标任务,聚焦“两不愁 三保障”');
  });

  it('reads the report year from the title before the publication date (003: 2019 report published 2020)', () => {
    const doc = seed('003');
    expect(doc.meta.title).toBe('2019年六安市脱贫攻坚工作总结');
    expect(doc.meta.publishedAt).toBe('2020-01-06');
    expect(doc.meta.reportYear).toBe(2019);
  });

  it('flags the seed whose digits were stripped, and only that one', () => {
    expect(seed('002').meta.digitsDamaged).toBe(true);
    for (const p of ['000', '001', '003', '004']) expect(seed(p).meta.digitsDamaged).toBe(false);
  });
});

describe('normalize on other inputs', () => {
  it('takes the article of an HTML page, not its scripts, menus or footer', () => {
    const doc = fromFile(resolve(FIXTURES, 'bad-input/html-page/yingshang.html'));
    expect(doc.meta.title).toBe('颍上县扶贫车间带动就业');
    expect(doc.meta.publishedAt).toBe('2020-05-12');
    expect(doc.text).toContain('颍上县西三十铺镇洪单村建成就业扶贫车间3个');
    expect(doc.text).toContain('实施“四带一自”产业扶贫模式');
    for (const junk of ['脚本里的文字', '导航菜单项', '侧栏标题', 'ICP', 'color: red']) expect(doc.text).not.toContain(junk);
  });

  it('converts full-width digits and letters to half-width', () => {
    const doc = fromText('全市投入资金１２．５亿元，贫困发生率降至０．２３％。ＡＢＣ');
    expect(doc.text).toBe('全市投入资金12.5亿元,贫困发生率降至0.23%。ABC');
  });

  it('reads dates in the forms the reports use', () => {
    expect(fromText('标题一\n2020/7/2 8:25:31\n正文。').meta.publishedAt).toBe('2020-07-02');
    expect(fromText('标题二\n2020-01-06 20:18\n正文。').meta.publishedAt).toBe('2020-01-06');
    expect(fromText('标题三\n2020年7月2日\n正文。').meta.publishedAt).toBe('2020-07-02');
  });

  it('detects a damaged text of its own making', () => {
    expect(fromFile(resolve(FIXTURES, 'bad-input/damaged/fuyang-damaged.txt')).meta.digitsDamaged).toBe(true);
    expect(fromText('截止到2019年底,阜阳全市还有3.2万人未脱贫。'.repeat(30)).meta.digitsDamaged).toBe(false);
  });
});
