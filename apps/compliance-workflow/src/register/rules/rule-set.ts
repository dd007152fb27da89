import { all, always, asked, employer, minEmployees, sni, type Condition } from './conditions';

/*
 * The legal register's rule set: which laws a company's profile brings onto a
 * generated law list, and why. A curated, reviewed table — not code spread
 * around the service. Every SFS number is one of the statutes bundled in
 * data/sfs and every AFS one of data/afs/index.json (rule-set.spec.ts checks
 * both, and that each SFS title is the statute's own title).
 *
 * To add a rule: add the law to REGISTER_LAWS if it is not there (SFS: the
 * exact title of data/sfs/<yyyy>-<nr>.json), then one row to REGISTER_RULES
 * with the condition and the Swedish reason the user reads. The reason starts
 * with who it applies to ("Alla arbetsgivare: …", "SNI 41–43 Byggverksamhet:
 * …", "Minst 5 anställda: …") and names the provision where one is the point.
 * Several rows may name the same law; a list entry then carries every reason
 * that holds. Add a case to rule-set.spec.ts for the profile it is about.
 */

/** Område: how ISO 14001/45001 registers group their laws (export column "Område"). */
export const AREAS = [
  'Arbetsmiljö',
  'Anställning',
  'Brand och olyckor',
  'Kemikalier',
  'Miljö',
  'Bygg',
  'Livsmedel',
  'Transport',
  'Dataskydd',
  'Konsument',
  'Offentlig upphandling',
  'Offentlig förvaltning',
  'Bolag och redovisning',
  'Skatt',
  'Penningtvätt',
  'Utbildning',
  'Övrigt',
] as const;
export type Area = (typeof AREAS)[number];

export interface RegisterLaw {
  kind: 'SFS' | 'AFS';
  /** "1977:1160" or "AFS 2023:1". */
  ref: string;
  area: Area;
  /** SFS: the statute's title as bundled. AFS titles come from data/afs/index.json. */
  title?: string;
}

const sfs = (ref: string, title: string, area: Area): RegisterLaw => ({ kind: 'SFS', ref, title, area });
const afs = (ref: string): RegisterLaw => ({ kind: 'AFS', ref, area: 'Arbetsmiljö' });

/** Every law the rules can select, with its Område. */
export const REGISTER_LAWS: readonly RegisterLaw[] = [
  // Arbetsmiljö
  sfs('1977:1160', 'Arbetsmiljölag (1977:1160)', 'Arbetsmiljö'),
  sfs('1977:1166', 'Arbetsmiljöförordning (1977:1166)', 'Arbetsmiljö'),
  afs('AFS 2023:1'),
  afs('AFS 2023:2'),
  afs('AFS 2023:3'),
  afs('AFS 2023:4'),
  afs('AFS 2023:10'),
  afs('AFS 2023:11'),
  afs('AFS 2023:12'),
  afs('AFS 2023:13'),
  afs('AFS 2023:14'),
  afs('AFS 2023:15'),
  // Anställning
  sfs('1977:480', 'Semesterlag (1977:480)', 'Anställning'),
  sfs('1982:673', 'Arbetstidslag (1982:673)', 'Anställning'),
  sfs('1982:80', 'Lag (1982:80) om anställningsskydd', 'Anställning'),
  sfs('1976:580', 'Lag (1976:580) om medbestämmande i arbetslivet', 'Anställning'),
  sfs('2008:567', 'Diskrimineringslag (2008:567)', 'Anställning'),
  sfs('1991:1047', 'Lag (1991:1047) om sjuklön', 'Anställning'),
  sfs('1995:584', 'Föräldraledighetslag (1995:584)', 'Anställning'),
  sfs('2021:890', 'Lag (2021:890) om skydd för personer som rapporterar om missförhållanden', 'Anställning'),
  sfs('2012:854', 'Lag (2012:854) om uthyrning av arbetstagare', 'Anställning'),
  // Brand och olyckor, transport
  sfs('2003:778', 'Lag (2003:778) om skydd mot olyckor', 'Brand och olyckor'),
  sfs('2010:1011', 'Lag (2010:1011) om brandfarliga och explosiva varor', 'Brand och olyckor'),
  sfs('2006:263', 'Lag (2006:263) om transport av farligt gods', 'Transport'),
  // Kemikalier, miljö
  sfs('2008:245', 'Förordning (2008:245) om kemiska produkter och biotekniska organismer', 'Kemikalier'),
  sfs('1998:808', 'Miljöbalk (1998:808)', 'Miljö'),
  sfs('1998:899', 'Förordning (1998:899) om miljöfarlig verksamhet och hälsoskydd', 'Miljö'),
  sfs('1998:901', 'Förordning (1998:901) om verksamhetsutövares egenkontroll', 'Miljö'),
  sfs('2013:251', 'Miljöprövningsförordning (2013:251)', 'Miljö'),
  sfs('2020:614', 'Avfallsförordning (2020:614)', 'Miljö'),
  // Bygg
  sfs('2010:900', 'Plan- och bygglag (2010:900)', 'Bygg'),
  sfs('2011:338', 'Plan- och byggförordning (2011:338)', 'Bygg'),
  // Dataskydd
  sfs('2018:218', 'Lag (2018:218) med kompletterande bestämmelser till EU:s dataskyddsförordning', 'Dataskydd'),
  sfs('2022:482', 'Lag (2022:482) om elektronisk kommunikation', 'Dataskydd'),
  // Konsument
  sfs('2022:260', 'Konsumentköplag (2022:260)', 'Konsument'),
  sfs('2005:59', 'Lag (2005:59) om distansavtal och avtal utanför affärslokaler', 'Konsument'),
  sfs('2008:486', 'Marknadsföringslag (2008:486)', 'Konsument'),
  sfs('2004:451', 'Produktsäkerhetslag (2004:451)', 'Konsument'),
  // Offentlig sektor
  sfs('2016:1145', 'Lag (2016:1145) om offentlig upphandling', 'Offentlig upphandling'),
  sfs('2009:400', 'Offentlighets- och sekretesslag (2009:400)', 'Offentlig förvaltning'),
  sfs('2017:900', 'Förvaltningslag (2017:900)', 'Offentlig förvaltning'),
  // Bolag, redovisning, skatt, penningtvätt, utbildning
  sfs('1999:1078', 'Bokföringslag (1999:1078)', 'Bolag och redovisning'),
  sfs('1995:1554', 'Årsredovisningslag (1995:1554)', 'Bolag och redovisning'),
  sfs('2005:551', 'Aktiebolagslag (2005:551)', 'Bolag och redovisning'),
  sfs('2011:1244', 'Skatteförfarandelag (2011:1244)', 'Skatt'),
  sfs('2017:630', 'Lag (2017:630) om åtgärder mot penningtvätt och finansiering av terrorism', 'Penningtvätt'),
  sfs('2010:800', 'Skollag (2010:800)', 'Utbildning'),
];

export interface RegisterRule {
  ref: string;
  when: Condition;
  /** Swedish, shown to the user as the reason the law is on the list. */
  reason: string;
}

const rule = (ref: string, when: Condition, reason: string): RegisterRule => ({ ref, when, reason });

const BUILD = sni([41, 43]);
const FOOD_SNI = sni([10, 11], 56);

export const REGISTER_RULES: readonly RegisterRule[] = [
  /* ------------------------------------------------------------ Arbetsmiljö */
  rule('1977:1160', employer, 'Alla arbetsgivare: arbetsmiljölagen gäller varje verksamhet där arbetstagare utför arbete för en arbetsgivares räkning (1 kap. 2 §), bl.a. systematiskt arbetsmiljöarbete (3 kap. 2 a §).'),
  rule('1977:1160', minEmployees(5), 'Minst 5 anställda: skyddsombud ska utses (6 kap. 2 § arbetsmiljölagen).'),
  rule('1977:1160', minEmployees(50), 'Minst 50 anställda: det ska finnas en skyddskommitté (6 kap. 8 § arbetsmiljölagen).'),
  rule('1977:1160', BUILD, 'SNI 41–43 Byggverksamhet: byggherrens arbetsmiljöansvar och byggarbetsmiljösamordnare (3 kap. 6–7 c §§ arbetsmiljölagen).'),
  rule('1977:1160', asked('construction'), 'Bygger, river eller renoverar: den som låter utföra byggnads- eller anläggningsarbete ska utse byggarbetsmiljösamordnare (3 kap. 6 § arbetsmiljölagen).'),
  rule('1977:1166', employer, 'Alla arbetsgivare: dödsfall och svårare personskador ska anmälas till Arbetsmiljöverket (2 §) och arbetsmiljölagen och förordningen ska finnas tillgängliga för arbetstagarna (5 §).'),
  rule('AFS 2023:1', employer, 'Alla arbetsgivare: systematiskt arbetsmiljöarbete – undersöka, riskbedöma, åtgärda och följa upp arbetsmiljön.'),
  rule('AFS 2023:2', employer, 'Alla arbetsgivare: planering och organisering av arbetsmiljöarbetet – organisatorisk och social arbetsmiljö, arbetsanpassning, första hjälpen och krisstöd.'),
  rule('AFS 2023:2', all(employer, sni(47, [55, 56])), 'SNI 47 Detaljhandel och SNI 55–56 Hotell och restaurang: risker för våld och hot om våld samt ensamarbete (5–6 kap.).'),
  rule('AFS 2023:10', employer, 'Alla arbetsgivare: risker i arbetsmiljön, bl.a. belastningsergonomi (6 kap.).'),
  rule('AFS 2023:10', all(employer, asked('chemicals')), 'Hanterar kemiska produkter: riskbedömning av kemiska riskkällor och förteckning över farliga kemiska produkter (7 kap.).'),
  rule('AFS 2023:10', all(employer, BUILD), 'SNI 41–43 Byggverksamhet: buller, vibrationer, fall och ras (2–5 kap.).'),
  rule('AFS 2023:11', employer, 'Alla arbetsgivare: säker användning av arbetsutrustning, bl.a. bildskärmsarbete (3 kap.).'),
  rule('AFS 2023:11', all(employer, asked('vehicles')), 'Använder fordon eller truckar: användning av truckar (4 kap.) och annan arbetsutrustning.'),
  rule('AFS 2023:11', all(employer, asked('machinery')), 'Använder maskiner, tryckkärl eller arbete på höjd: stegar, ställningar, trycksatta anordningar och lyftanordningar (7–13 kap.).'),
  rule('AFS 2023:11', all(employer, BUILD), 'SNI 41–43 Byggverksamhet: ställningar, lyftanordningar och personlig skyddsutrustning (8, 11 och 15 kap.).'),
  rule('AFS 2023:12', employer, 'Alla arbetsgivare: utformning av arbetsplatser – lokaler, utrymning, klimat, belysning och personalutrymmen.'),
  rule('AFS 2023:3', BUILD, 'SNI 41–43 Byggverksamhet: projektering och byggarbetsmiljösamordning, arbetsmiljöplan och förhandsanmälan.'),
  rule('AFS 2023:3', asked('construction'), 'Bygger, river eller renoverar: byggherrens skyldigheter vid projektering och byggarbetsmiljösamordning.'),
  rule('AFS 2023:13', all(employer, BUILD), 'SNI 41–43 Byggverksamhet: byggnads- och anläggningsarbete (5 kap.) och arbete med risk för exponering för asbest (3 kap.).'),
  rule('AFS 2023:13', all(employer, asked('construction')), 'Bygger, river eller renoverar: byggnads- och anläggningsarbete (5 kap.).'),
  rule('AFS 2023:13', all(employer, sni(45)), 'SNI 45 Handel med och service av motorfordon: reparation och service av fordon och fordonsmotorer (13 kap.).'),
  rule('AFS 2023:13', all(employer, sni(10)), 'SNI 10 Livsmedelsframställning: arbete i kylda livsmedelslokaler (10 kap.).'),
  rule('AFS 2023:14', all(employer, asked('chemicals')), 'Hanterar kemiska produkter: gränsvärden för luftvägsexponering i arbetsmiljön.'),
  rule('AFS 2023:15', all(employer, asked('chemicals')), 'Hanterar kemiska produkter: medicinska kontroller vid arbete med bl.a. allergiframkallande kemiska ämnen (4–5 kap.).'),
  rule('AFS 2023:15', all(employer, BUILD), 'SNI 41–43 Byggverksamhet: medicinska kontroller vid vibrationer och fibrosframkallande damm, t.ex. kvarts (3 och 6 kap.).'),
  rule('AFS 2023:4', sni(28), 'SNI 28 Tillverkning av maskiner: krav på maskiner som släpps ut på marknaden.'),

  /* ------------------------------------------------------------ Anställning */
  rule('1977:480', employer, 'Alla arbetsgivare: semesterledighet, semesterlön och semesterersättning (t.ex. 25 semesterdagar, 4 §).'),
  rule('1982:673', employer, 'Alla arbetsgivare: ordinarie arbetstid, övertid, dygns- och veckovila samt anteckningar om jourtid, övertid och mertid (5–14 §§).'),
  rule('1982:80', employer, 'Alla arbetsgivare: anställningsformer, skriftlig information om anställningsvillkoren, uppsägning och turordning (4–6 c, 7 och 22 §§).'),
  rule('1976:580', employer, 'Alla arbetsgivare: förhandlings- och informationsskyldighet gentemot arbetstagarorganisationer (11–14 och 19 §§).'),
  rule('2008:567', employer, 'Alla arbetsgivare: förbud mot diskriminering och arbete med aktiva åtgärder, bl.a. riktlinjer mot trakasserier och årlig lönekartläggning (2 kap. 1 §, 3 kap. 4–8 §§).'),
  rule('2008:567', minEmployees(10, 24), '10–24 anställda: lönekartläggningen ska dokumenteras skriftligt varje år (3 kap. 14 § diskrimineringslagen).'),
  rule('2008:567', minEmployees(25), 'Minst 25 anställda: arbetet med aktiva åtgärder ska dokumenteras skriftligt varje år (3 kap. 13 § diskrimineringslagen).'),
  rule('2008:567', sni(85), 'SNI 85 Utbildning: utbildningsanordnarens förbud mot diskriminering och aktiva åtgärder (2 kap. 5 §, 3 kap. 16–20 §§).'),
  rule('1991:1047', employer, 'Alla arbetsgivare: sjuklön under sjuklöneperioden (6–7 §§) och anmälan till Försäkringskassan när sjukperioden fortsätter (12 §).'),
  rule('1995:584', employer, 'Alla arbetsgivare: arbetstagares rätt till föräldraledighet och förbud mot missgynnande (16 §).'),
  rule('2021:890', minEmployees(50), 'Minst 50 anställda: interna rapporteringskanaler och förfaranden för visselblåsare (5 kap. 2 §).'),
  rule('2012:854', sni(78), 'SNI 78 Arbetsförmedling och bemanning: bemanningsföretagets skyldigheter mot uthyrda arbetstagare, bl.a. likabehandling (6 §).'),

  /* ---------------------------------------------------- Brand och olyckor */
  rule('2003:778', always, 'Alla verksamheter med byggnader eller lokaler: brandskydd – utrustning för släckning och livräddning och förebyggande åtgärder (2 kap. 2 §).'),
  rule('2010:1011', asked('flammables'), 'Hanterar brandfarliga eller explosiva varor: åtgärder mot brand och explosion (6 §), tillstånd (16 §) och föreståndare (9 §).'),
  rule('2006:263', asked('dangerousGoods'), 'Skickar, transporterar eller tar emot farligt gods: skyddsåtgärder vid transport (2 §) och säkerhetsrådgivare (11 §).'),

  /* ------------------------------------------------------ Kemikalier, miljö */
  rule('2008:245', asked('chemicals'), 'Hanterar kemiska produkter: produktregister, säkerhetsdatablad och märkning samt hantering av särskilt farliga kemiska produkter.'),
  rule('1998:808', asked('chemicals'), 'Hanterar kemiska produkter: kunskapskravet och produktvalsprincipen i miljöbalkens allmänna hänsynsregler (2 kap. 2 och 4 §§).'),
  rule('1998:808', asked('environmentalPermit'), 'Bedriver tillstånds- eller anmälningspliktig miljöfarlig verksamhet: allmänna hänsynsregler (2 kap.), prövning (9 kap.) och egenkontroll (26 kap. 19 §).'),
  rule('1998:808', asked('waste'), 'Ger upphov till farligt avfall: hushållnings- och kretsloppsprincipen (2 kap. 5 §) och miljöbalkens avfallsregler (15 kap.).'),
  rule('1998:808', sni([10, 33]), 'SNI 10–33 Tillverkning: miljöbalkens allmänna hänsynsregler (2 kap.) och eventuell tillstånds- eller anmälningsplikt för miljöfarlig verksamhet (9 kap.).'),
  rule('1998:808', sni([35, 39]), 'SNI 35–39 Energi, vatten, avlopp och avfall: miljöbalkens allmänna hänsynsregler (2 kap.) och prövning av miljöfarlig verksamhet (9 kap.).'),
  rule('1998:899', asked('environmentalPermit'), 'Bedriver tillstånds- eller anmälningspliktig miljöfarlig verksamhet: anmälan och försiktighetsmått enligt förordningen om miljöfarlig verksamhet och hälsoskydd.'),
  rule('1998:901', asked('environmentalPermit'), 'Bedriver tillstånds- eller anmälningspliktig miljöfarlig verksamhet: dokumenterad egenkontroll – ansvarsfördelning, rutiner, riskbedömning och kemikalieförteckning (4–7 §§).'),
  rule('2013:251', asked('environmentalPermit'), 'Bedriver tillstånds- eller anmälningspliktig miljöfarlig verksamhet: verksamhetskod och prövningsnivå (tillståndsplikt B eller anmälningsplikt C).'),
  rule('2013:251', sni([10, 11]), 'SNI 10–11 Livsmedels- och dryckesframställning: anläggningar för framställning av livsmedel kan vara tillstånds- eller anmälningspliktiga (5 kap.).'),
  rule('2020:614', asked('waste'), 'Ger upphov till farligt avfall: farligt avfall ska hållas skilt från annat avfall (3 kap. 11 a §) och antecknas (6 kap. 1 §).'),
  rule('2020:614', asked('food'), 'Hanterar livsmedel: livsmedels- och köksavfall ska sorteras ut (3 kap. 1 §).'),
  rule('2020:614', FOOD_SNI, 'SNI 10–11 och 56 Livsmedel och restaurang: livsmedels- och köksavfall ska sorteras ut (3 kap. 1 §).'),
  rule('2020:614', BUILD, 'SNI 41–43 Byggverksamhet: bygg- och rivningsavfall ska sorteras ut (3 kap. 10 §).'),
  rule('2020:614', asked('construction'), 'Bygger, river eller renoverar: bygg- och rivningsavfall ska sorteras ut (3 kap. 10 §).'),

  /* ------------------------------------------------------------------ Bygg */
  rule('2010:900', BUILD, 'SNI 41–43 Byggverksamhet: byggherrens ansvar, lov, anmälan och kontrollplan (10 kap. 5–6 §§ plan- och bygglagen).'),
  rule('2010:900', asked('construction'), 'Bygger, river eller renoverar: byggherren ska se till att åtgärderna uppfyller kraven och kontrolleras enligt kontrollplanen (10 kap. 5 §).'),
  rule('2011:338', BUILD, 'SNI 41–43 Byggverksamhet: tekniska egenskapskrav på byggnadsverk (3 kap.), lov och anmälan (6 kap.) och kontrollplan (7 kap.).'),
  rule('2011:338', asked('construction'), 'Bygger, river eller renoverar: när lov eller anmälan krävs (6 kap.) och kraven på byggnadsverk (3 kap.).'),

  /* -------------------------------------------------------------- Dataskydd */
  rule('2018:218', employer, 'Alla arbetsgivare: personuppgifter om anställda behandlas enligt EU:s dataskyddsförordning och dataskyddslagen, t.ex. personnummer (3 kap. 10 §).'),
  rule('2018:218', asked('personalDataAtScale'), 'Behandlar personuppgifter i stor omfattning: EU:s dataskyddsförordning med dataskyddslagens kompletterande bestämmelser, bl.a. om känsliga personuppgifter (3 kap.).'),
  rule('2022:482', sni(61), 'SNI 61 Telekommunikation: anmälan och skyldigheter för den som tillhandahåller elektroniska kommunikationsnät och -tjänster.'),

  /* ------------------------------------------------------------- Konsument */
  rule('2022:260', asked('consumerSales'), 'Säljer till konsumenter: konsumentens rättigheter vid köp av varor – fel, reklamation och dröjsmål.'),
  rule('2022:260', sni(47), 'SNI 47 Detaljhandel: konsumentens rättigheter vid köp av varor – fel, reklamation och dröjsmål.'),
  rule('2005:59', asked('consumerSales'), 'Säljer till konsumenter: informationskrav och ångerrätt vid distansavtal och avtal utanför affärslokaler.'),
  rule('2005:59', sni(47), 'SNI 47 Detaljhandel: informationskrav och ångerrätt vid distansförsäljning, t.ex. e-handel.'),
  rule('2008:486', asked('consumerSales'), 'Säljer till konsumenter: marknadsföringen ska stämma överens med god marknadsföringssed (5 §).'),
  rule('2008:486', sni(47), 'SNI 47 Detaljhandel: marknadsföringen ska stämma överens med god marknadsföringssed (5 §).'),
  rule('2004:451', asked('consumerSales'), 'Säljer till konsumenter: varor och tjänster som tillhandahålls ska vara säkra (7 §).'),

  /* ------------------------------------------------------- Offentlig sektor */
  rule('2016:1145', asked('publicProcurement'), 'Upphandlande myndighet eller enhet: anskaffning av varor, tjänster och byggentreprenader ska ske enligt LOU (1 kap. 2 §).'),
  rule('2016:1145', { legalForms: ['public'] }, 'Offentlig sektor (organisationsnummer som börjar med 2): upphandlande myndighet enligt LOU (1 kap. 2 §).'),
  rule('2009:400', { legalForms: ['public'] }, 'Offentlig sektor (organisationsnummer som börjar med 2): allmänna handlingars offentlighet och sekretess.'),
  rule('2009:400', sni(84), 'SNI 84 Offentlig förvaltning: allmänna handlingars offentlighet och sekretess.'),
  rule('2017:900', { legalForms: ['public'] }, 'Offentlig sektor (organisationsnummer som börjar med 2): handläggning av ärenden hos förvaltningsmyndigheter.'),
  rule('2017:900', sni(84), 'SNI 84 Offentlig förvaltning: handläggning av ärenden hos förvaltningsmyndigheter.'),

  /* ------------------------------------------ Bolag, redovisning och skatt */
  rule('1999:1078', { notLegalForms: ['public', 'estate', 'non-profit'] }, 'Företag: bokföringsskyldighet – löpande bokföring, verifikationer och arkivering av räkenskapsinformation (4, 5 och 7 kap.).'),
  rule('1995:1554', { legalForms: ['limited-company', 'economic-association'] }, 'Aktiebolag och ekonomiska föreningar: årsredovisning ska upprättas (6 kap. 1 § bokföringslagen) och ges in till Bolagsverket (8 kap. 3 §).'),
  rule('2005:551', { legalForms: ['limited-company'] }, 'Aktiebolag: bolagsordning, aktiebok, bolagsstämma och styrelsens ansvar.'),
  rule('2011:1244', employer, 'Alla arbetsgivare: skatteavdrag och arbetsgivaravgifter redovisas i arbetsgivardeklaration (26 kap. 3 §).'),
  rule('2011:1244', sni(56), 'SNI 56 Restaurang: personalliggare ska föras i verksamhetslokalen (39 kap. 11 §).'),
  rule('2011:1244', BUILD, 'SNI 41–43 Byggverksamhet: elektronisk personalliggare på byggarbetsplatsen (39 kap. 11 a §).'),
  rule('2011:1244', asked('consumerSales'), 'Säljer till konsumenter: kassaregister vid försäljning mot kontant- eller kortbetalning (39 kap. 4 §).'),
  rule('2017:630', sni([64, 66]), 'SNI 64–66 Finansiella tjänster och försäkring: kundkännedom, riskbedömning och rapportering enligt penningtvättslagen (1 kap. 2 §).'),
  rule('2017:630', sni(69), 'SNI 69 Juridik och redovisning: redovisningskonsulter, revisorer och advokater omfattas i stor utsträckning av penningtvättslagen (1 kap. 2 §).'),
  rule('2010:800', sni(85), 'SNI 85 Utbildning: skollagens krav på huvudmän, t.ex. för förskola, skola och fritidshem.'),
];

export const lawByRef = (ref: string): RegisterLaw | undefined => REGISTER_LAWS.find((l) => l.ref === ref);
