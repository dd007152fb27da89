import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScreeningSchema, type Screening } from '@laglig/contracts';
import { AfsCatalog } from '../reference/afs-catalog';
import { SniCatalog } from '../reference/sni-catalog';
import { factsOf, selectLaws, suggestionsFor, type ProfileInput } from './engine';
import { AREAS, REGISTER_LAWS, REGISTER_RULES } from './rule-set';
import type { Condition } from './conditions';

const DATA = join(__dirname, '../../../../../data');
const sfsTitle = (ref: string): string | null => {
  const file = join(DATA, 'sfs', `${ref.replace(':', '-')}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { titel: string }).titel : null;
};
const afs = AfsCatalog.fromDataDir(DATA);
const sni = SniCatalog.fromDataDir(DATA);

const screening = (answers: Partial<Screening> = {}): Screening => ScreeningSchema.parse(answers);
const profile = (p: Partial<ProfileInput> & Pick<ProfileInput, 'sniCodes' | 'employees'>): ProfileInput => ({
  orgNumber: '556036-0793',
  screening: screening(),
  ...p,
});
const generate = (p: ProfileInput) => selectLaws(factsOf(p));
const refs = (p: ProfileInput) => generate(p).map((l) => l.ref);
const reasonsFor = (p: ProfileInput, ref: string) => generate(p).find((l) => l.ref === ref)?.reasons ?? [];

function sniRanges(c: Condition): Array<readonly [number, number]> {
  if ('sni' in c) return [...c.sni];
  if ('all' in c) return c.all.flatMap(sniRanges);
  if ('any' in c) return c.any.flatMap(sniRanges);
  return [];
}

describe('the rule set', () => {
  it('names only bundled statutes, with their own titles, and only bundled AFS regulations', () => {
    for (const law of REGISTER_LAWS) {
      if (law.kind === 'SFS') {
        expect({ ref: law.ref, title: sfsTitle(law.ref) }).toEqual({ ref: law.ref, title: law.title });
      } else {
        expect({ ref: law.ref, known: afs.get(law.ref) !== null }).toEqual({ ref: law.ref, known: true });
      }
    }
  });

  it('lists every law once, in a known Område, and every rule refers to a listed law', () => {
    const lawRefs = REGISTER_LAWS.map((l) => l.ref);
    expect(new Set(lawRefs).size).toBe(lawRefs.length);
    for (const law of REGISTER_LAWS) expect(AREAS).toContain(law.area);
    for (const rule of REGISTER_RULES) expect(lawRefs).toContain(rule.ref);
    // Every law can be selected by some rule.
    for (const ref of lawRefs) expect(REGISTER_RULES.some((r) => r.ref === ref)).toBe(true);
  });

  it('states each reason in Swedish, "who: what", once per law', () => {
    const seen = new Set<string>();
    for (const rule of REGISTER_RULES) {
      expect(rule.reason).toMatch(/^[A-ZÅÄÖ0-9][^:]{2,120}: \S.*[.)]$/);
      const key = `${rule.ref}|${rule.reason}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('conditions on SNI divisions that exist in SNI 2007', () => {
    for (const rule of REGISTER_RULES) {
      for (const [from, to] of sniRanges(rule.when)) {
        expect(from).toBeLessThanOrEqual(to);
        expect(sni.lookup(String(from).padStart(2, '0'))).not.toBeNull();
        expect(sni.lookup(String(to).padStart(2, '0'))).not.toBeNull();
      }
    }
  });
});

describe('generated lists for realistic profiles', () => {
  it('a construction firm (SNI 41.200, 25 employees, chemicals, AB) gets the workplace, building and chemicals laws with reasons', () => {
    const p = profile({ sniCodes: ['41.200'], employees: 25, screening: screening({ chemicals: true, machinery: true }) });
    const selected = refs(p);
    for (const ref of [
      '1977:1160',
      '1977:1166',
      'AFS 2023:1',
      'AFS 2023:2',
      'AFS 2023:3',
      'AFS 2023:10',
      'AFS 2023:11',
      'AFS 2023:13',
      'AFS 2023:14',
      'AFS 2023:15',
      '1977:480',
      '1982:673',
      '1982:80',
      '1976:580',
      '2008:567',
      '1991:1047',
      '1995:584',
      '2010:900',
      '2011:338',
      '2008:245',
      '1998:808',
      '2020:614',
      '2003:778',
      '1999:1078',
      '1995:1554',
      '2005:551',
      '2011:1244',
    ]) {
      expect(selected).toContain(ref);
    }
    // Below 50 employees: no whistle-blowing channels; no consumer or public-sector laws.
    for (const ref of ['2021:890', '2022:260', '2016:1145', '2018:585', '2010:800']) expect(selected).not.toContain(ref);

    expect(reasonsFor(p, '1977:1160')).toEqual([
      expect.stringMatching(/^Alla arbetsgivare: /),
      'Minst 5 anställda: skyddsombud ska utses (6 kap. 2 § arbetsmiljölagen).',
      expect.stringMatching(/^SNI 41–43 Byggverksamhet: /),
    ]);
    expect(reasonsFor(p, 'AFS 2023:3')).toEqual([expect.stringMatching(/^SNI 41–43 Byggverksamhet: projektering/)]);
    expect(reasonsFor(p, '2008:245')).toEqual([expect.stringMatching(/^Hanterar kemiska produkter: /)]);
    expect(reasonsFor(p, 'AFS 2023:10')).toEqual([
      expect.stringMatching(/^Alla arbetsgivare: /),
      expect.stringMatching(/^Hanterar kemiska produkter: /),
      expect.stringMatching(/^SNI 41–43 Byggverksamhet: /),
    ]);
    expect(reasonsFor(p, '2008:567')).toEqual([expect.stringMatching(/^Alla arbetsgivare: /), expect.stringMatching(/^Minst 25 anställda: /)]);
    expect(reasonsFor(p, '2011:1244')).toContainEqual(expect.stringMatching(/^SNI 41–43 Byggverksamhet: elektronisk personalliggare/));

    const sam = suggestionsFor('1977:1160', factsOf(p)).map((s) => s.anchor);
    expect(sam).toEqual(expect.arrayContaining(['K3P2a', 'K6P2', 'K3P6']));
    expect(sam).not.toContain('K6P8');
    expect(suggestionsFor('2020:614', factsOf(p)).map((s) => s.anchor)).toEqual(['K3P10']);
  });

  it('an IT consultancy (SNI 62.010, 8 employees, personal data at scale) gets the employer laws and data protection, no building or chemicals', () => {
    const p = profile({ sniCodes: ['62.010'], employees: 8, screening: screening({ personalDataAtScale: true }) });
    const selected = refs(p);
    for (const ref of ['1977:1160', 'AFS 2023:1', 'AFS 2023:2', 'AFS 2023:11', 'AFS 2023:12', '1977:480', '1982:673', '1982:80', '2008:567', '2018:218', '1999:1078']) {
      expect(selected).toContain(ref);
    }
    for (const ref of ['AFS 2023:3', 'AFS 2023:13', 'AFS 2023:14', '2010:900', '2008:245', '2020:614', '2021:890', '2022:260']) expect(selected).not.toContain(ref);
    expect(reasonsFor(p, '2018:218')).toEqual([expect.stringMatching(/^Alla arbetsgivare: /), expect.stringMatching(/^Behandlar personuppgifter i stor omfattning: /)]);
    expect(reasonsFor(p, '1977:1160')).toContain('Minst 5 anställda: skyddsombud ska utses (6 kap. 2 § arbetsmiljölagen).');
    expect(reasonsFor(p, 'AFS 2023:11')).toEqual([expect.stringMatching(/bildskärm/)]);
  });

  it('a restaurant (SNI 56.100, food, consumer sales, bottled gas) gets food waste sorting, staff register, consumer and fire laws', () => {
    const p = profile({ sniCodes: ['56.100'], employees: 12, screening: screening({ food: true, consumerSales: true, flammables: true }) });
    const selected = refs(p);
    for (const ref of ['1977:1160', 'AFS 2023:2', '2020:614', '2011:1244', '2022:260', '2008:486', '2004:451', '2010:1011', '2003:778']) expect(selected).toContain(ref);
    expect(selected).not.toContain('2010:900');
    expect(reasonsFor(p, '2020:614')).toEqual([expect.stringMatching(/^Hanterar livsmedel: /), expect.stringMatching(/^SNI 10–11 och 56 Livsmedel och restaurang: /)]);
    expect(reasonsFor(p, '2011:1244')).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SNI 56 Restaurang: personalliggare/), expect.stringMatching(/^Säljer till konsumenter: kassaregister/)]),
    );
    expect(reasonsFor(p, 'AFS 2023:2')).toContainEqual(expect.stringMatching(/^SNI 47 Detaljhandel och SNI 55–56 Hotell och restaurang: /));
    expect(reasonsFor(p, '2008:567')).toContainEqual(expect.stringMatching(/^10–24 anställda: /));
    expect(suggestionsFor('2011:1244', factsOf(p)).map((s) => s.anchor)).toEqual(['K26P3', 'K39P11', 'K39P4']);
  });

  it('applies the employee thresholds exactly (5 for skyddsombud, 50 for skyddskommitté and whistle-blowing)', () => {
    const at = (employees: number) => profile({ sniCodes: ['62.010'], employees });
    expect(reasonsFor(at(4), '1977:1160')).toHaveLength(1);
    expect(reasonsFor(at(5), '1977:1160')).toHaveLength(2);
    expect(refs(at(49))).not.toContain('2021:890');
    expect(refs(at(50))).toContain('2021:890');
    expect(reasonsFor(at(50), '1977:1160')).toContainEqual('Minst 50 anställda: det ska finnas en skyddskommitté (6 kap. 8 § arbetsmiljölagen).');
    // No employees: no employer laws, but fire safety and bookkeeping still apply.
    expect(refs(at(0))).toEqual(expect.arrayContaining(['2003:778', '1999:1078']));
    expect(refs(at(0))).not.toContain('1977:1160');
  });

  it('reads the legal form from the organisationsnummer', () => {
    const publicBody = profile({ orgNumber: '212000-0142', sniCodes: ['84.110'], employees: 30 });
    expect(refs(publicBody)).toEqual(expect.arrayContaining(['2016:1145', '2009:400', '2017:900']));
    expect(refs(publicBody)).not.toContain('1999:1078');
    expect(refs(publicBody)).not.toContain('2005:551');
    const soleTrader = profile({ orgNumber: '811218-9876', sniCodes: ['43.341'], employees: 0 });
    expect(refs(soleTrader)).toContain('1999:1078');
    expect(refs(soleTrader)).not.toContain('1995:1554');
  });

  it('orders the list by Område and keeps each law once', () => {
    const laws = generate(profile({ sniCodes: ['41.200', '43.210'], employees: 60, screening: screening({ construction: true, chemicals: true, waste: true }) }));
    const areaIndex = laws.map((l) => AREAS.indexOf(l.area));
    expect([...areaIndex].sort((a, b) => a - b)).toEqual(areaIndex);
    expect(new Set(laws.map((l) => l.ref)).size).toBe(laws.length);
  });
});
