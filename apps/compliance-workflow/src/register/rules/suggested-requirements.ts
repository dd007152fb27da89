import { anyOf, asked, employer, minEmployees, sni, type Condition } from './conditions';

/*
 * Suggested requirements (kravpunkter) for the main workplace laws: created
 * with a generated list (and when such a law is added by hand), each linked
 * to a section anchor of the bundled statute (`K3P2a` = 3 kap. 2 a §).
 * suggested-requirements.spec.ts parses every statute and checks that each
 * anchor exists. A row with `when` is only suggested when the profile meets it
 * (skyddsombud from five employees, personalliggare for restaurants, …).
 */

export interface SuggestedRequirement {
  anchor: string;
  title: string;
  description: string;
  when?: Condition;
}

const req = (anchor: string, title: string, description: string, when?: Condition): SuggestedRequirement =>
  when ? { anchor, title, description, when } : { anchor, title, description };

const BUILDS: Condition = anyOf(sni([41, 43]), asked('construction'));
const FOOD: Condition = anyOf(sni([10, 11], 56), asked('food'));

export const SUGGESTED_REQUIREMENTS: Readonly<Record<string, readonly SuggestedRequirement[]>> = {
  '1977:1160': [
    req('K3P2a', 'Systematiskt arbetsmiljöarbete', 'Planera, leda och kontrollera verksamheten så att arbetsmiljön uppfyller kraven: undersök arbetsförhållandena, bedöm riskerna, åtgärda och följ upp. Dokumentera riskbedömningar och handlingsplaner.'),
    req('K3P2c', 'Företagshälsovård', 'Se till att den företagshälsovård som arbetsförhållandena kräver finns att tillgå.'),
    req('K3P3', 'Information, utbildning och instruktioner', 'Arbetstagarna ska ha god kännedom om förhållandena i arbetet, upplysas om riskerna och få den utbildning och de instruktioner som behövs.'),
    req('K3P3a', 'Anmälan av allvarliga olyckor och tillbud', 'Dödsfall och svårare personskador i samband med arbetet ska utan dröjsmål anmälas till Arbetsmiljöverket.'),
    req('K6P2', 'Skyddsombud', 'På arbetsställen där minst fem arbetstagare regelbundet sysselsätts ska skyddsombud utses.', minEmployees(5)),
    req('K6P8', 'Skyddskommitté', 'På arbetsställen där minst femtio arbetstagare regelbundet sysselsätts ska det finnas en skyddskommitté.', minEmployees(50)),
    req('K3P6', 'Byggarbetsmiljösamordnare', 'Den som låter utföra byggnads- eller anläggningsarbete ska utse byggarbetsmiljösamordnare för planering och projektering och för utförandet.', BUILDS),
  ],
  '1977:1166': [req('P2', 'Anmälan till Arbetsmiljöverket', 'Underrätta Arbetsmiljöverket utan dröjsmål om dödsfall eller svårare personskada i samband med arbetet.')],
  '1977:480': [
    req('P4', 'Semesterdagar', 'Varje arbetstagare ska få 25 semesterdagar per semesterår.'),
    req('P11', 'Besked om semesterns förläggning', 'Har semestern bestämts utan överenskommelse ska arbetstagaren underrättas senast två månader före ledighetens början.'),
    req('P12', 'Fyra veckors sammanhängande sommarsemester', 'Semestern ska förläggas så att arbetstagaren får minst fyra veckors ledighet under juni–augusti, om inte annat har avtalats.'),
    req('P26', 'Utbetalning av semesterlön', 'Semesterlön ska betalas ut i samband med semesterledigheten.'),
    req('P30', 'Semesterersättning vid anställningens slut', 'Semesterersättning ska betalas ut senast en månad efter att anställningen upphört.'),
  ],
  '1982:673': [
    req('P5', 'Ordinarie arbetstid', 'Den ordinarie arbetstiden får uppgå till högst 40 timmar i veckan, om inte kollektivavtal medger annat.'),
    req('P8', 'Allmän övertid', 'Övertid får tas ut med högst 48 timmar under fyra veckor eller 50 timmar under en kalendermånad och högst 200 timmar per kalenderår.'),
    req('P11', 'Anteckningar om jourtid, övertid och mertid', 'Arbetsgivaren ska föra anteckningar om jourtid, övertid och mertid; arbetstagarna och deras fackliga organisation har rätt att ta del av dem.'),
    req('P13', 'Dygnsvila', 'Alla arbetstagare ska ha minst elva timmars sammanhängande ledighet under varje period om 24 timmar.'),
    req('P14', 'Veckovila', 'Arbetstagarna ska ha minst 36 timmars sammanhängande ledighet under varje period om sju dagar.'),
    req('P15', 'Raster', 'Arbetstagarna ska få raster så att de inte arbetar mer än fem timmar i följd.'),
  ],
  '1982:80': [
    req('P6c', 'Skriftlig information om anställningsvillkoren', 'Lämna skriftlig information till varje arbetstagare om alla villkor av väsentlig betydelse för anställningen.'),
    req('P7', 'Saklig grund för uppsägning', 'Uppsägning från arbetsgivarens sida ska grunda sig på sakliga skäl; pröva omplacering först.'),
    req('P8', 'Skriftlig uppsägning', 'Uppsägning ska vara skriftlig och innehålla besked om hur arbetstagaren går till väga för att angripa den.'),
    req('P15', 'Besked när en tidsbegränsad anställning upphör', 'Besked om att en tidsbegränsad anställning inte fortsätter ska lämnas minst en månad före anställningstidens utgång när rätt till besked finns.'),
    req('P22', 'Turordning vid arbetsbrist', 'Vid uppsägning på grund av arbetsbrist ska turordningsreglerna tillämpas, om inte kollektivavtal reglerar annat.'),
  ],
  '1976:580': [
    req('P11', 'Förhandling före viktigare förändringar', 'Innan viktigare förändringar av verksamheten beslutas ska arbetsgivaren förhandla med arbetstagarorganisation som arbetsgivaren är bunden av kollektivavtal med.'),
    req('P19', 'Fortlöpande information till arbetstagarorganisationen', 'Håll arbetstagarorganisationen underrättad om hur verksamheten utvecklas produktionsmässigt och ekonomiskt och om riktlinjerna för personalpolitiken.'),
  ],
  '2008:567': [
    req('K2P3', 'Utreda och åtgärda trakasserier', 'Om arbetsgivaren får kännedom om att en arbetstagare anser sig ha blivit utsatt för trakasserier i samband med arbetet ska omständigheterna utredas och åtgärder vidtas.'),
    req('K3P4', 'Aktiva åtgärder', 'Undersök risker för diskriminering, analysera orsakerna, vidta åtgärder och följ upp – för arbetsförhållanden, löner, rekrytering, utbildning och möjlighet att förena arbete och föräldraskap.'),
    req('K3P6', 'Riktlinjer och rutiner mot trakasserier', 'Ha riktlinjer och rutiner för att förhindra trakasserier, sexuella trakasserier och repressalier, och följ upp dem.'),
    req('K3P8', 'Årlig lönekartläggning', 'Kartlägg och analysera varje år bestämmelser och praxis om löner och andra anställningsvillkor för att upptäcka osakliga löneskillnader mellan kvinnor och män.'),
    req('K3P14', 'Dokumentation av lönekartläggningen', 'En arbetsgivare med 10–24 arbetstagare ska varje år skriftligen dokumentera lönekartläggningen.', minEmployees(10, 24)),
    req('K3P13', 'Dokumentation av aktiva åtgärder', 'En arbetsgivare med minst 25 arbetstagare ska varje år skriftligen dokumentera arbetet med aktiva åtgärder.', minEmployees(25)),
  ],
  '1991:1047': [
    req('P6', 'Sjuklön och karensavdrag', 'Sjuklön utgör 80 procent av anställningsförmånerna under sjuklöneperioden, med karensavdrag.'),
    req('P12', 'Anmälan till Försäkringskassan', 'Anmäl sjukfall till Försäkringskassan inom sju kalenderdagar när sjukperioden fortsätter efter sjuklöneperioden.'),
  ],
  '1995:584': [
    req('P13', 'Hantering av anmälan om föräldraledighet', 'Ta emot anmälningar om ledighet (minst två månader i förväg) och samråd om ledighetens förläggning.'),
    req('P16', 'Förbud mot missgynnande', 'Arbetssökande och arbetstagare får inte missgynnas av skäl som har samband med föräldraledighet.'),
  ],
  '2021:890': [
    req('K5P2', 'Interna rapporteringskanaler', 'En verksamhetsutövare med minst 50 arbetstagare ska ha interna rapporteringskanaler och förfaranden för rapportering och uppföljning.'),
    req('K5P5', 'Behöriga personer för uppföljning', 'Utse oberoende och självständiga personer eller enheter som tar emot rapporter, har kontakt med den rapporterande personen och följer upp.'),
    req('K5P6', 'Dokumentation av kanaler och förfaranden', 'Dokumentera de interna rapporteringskanalerna och förfarandena skriftligen.'),
    req('K5P9', 'Information om rapportering', 'Lämna tydlig och lättillgänglig information om hur man rapporterar internt och externt.'),
  ],
  '1999:1078': [
    req('K5P2', 'Löpande bokföring i tid', 'Kontanta in- och utbetalningar ska bokföras senast påföljande arbetsdag och andra affärshändelser så snart det kan ske.'),
    req('K5P6', 'Verifikationer', 'Det ska finnas en verifikation för varje affärshändelse.'),
    req('K5P11', 'Systemdokumentation och behandlingshistorik', 'Upprätta beskrivningar av bokföringssystemets organisation och uppbyggnad.'),
    req('K7P2', 'Arkivering av räkenskapsinformation', 'Räkenskapsinformation ska bevaras i Sverige till och med det sjunde året efter utgången av det kalenderår då räkenskapsåret avslutades.'),
  ],
  '2003:778': [
    req('K2P2', 'Brandskydd', 'Håll i skälig omfattning utrustning för släckning av brand och för livräddning vid brand, och vidta de åtgärder som behövs för att förebygga brand och skador till följd av brand.'),
  ],
  '2010:1011': [
    req('P6', 'Åtgärder mot brand och explosion', 'Vidta de åtgärder och försiktighetsmått som behövs för att hindra, förebygga och begränsa olyckor och skador genom brand eller explosion.'),
    req('P16', 'Tillstånd för hantering', 'Hantering av explosiva varor och yrkesmässig hantering eller hantering av större mängder brandfarliga varor kräver tillstånd.'),
  ],
  '2018:218': [
    req('K3P10', 'Behandling av personnummer', 'Personnummer och samordningsnummer får behandlas utan samtycke endast när det är klart motiverat med hänsyn till ändamålet, vikten av säker identifiering eller något annat beaktansvärt skäl.'),
  ],
  '1998:901': [
    req('P4', 'Ansvarsfördelning för miljöfrågor', 'Det ska finnas en fastställd och dokumenterad fördelning av det organisatoriska ansvaret för verksamhetens miljöfrågor.'),
    req('P5', 'Rutiner för kontroll av utrustning', 'Ha dokumenterade rutiner för att fortlöpande kontrollera att utrustning för drift och kontroll hålls i gott skick.'),
    req('P6', 'Riskbedömning från hälso- och miljösynpunkt', 'Undersök och bedöm fortlöpande och systematiskt verksamhetens risker från hälso- och miljösynpunkt och dokumentera resultatet.'),
    req('P7', 'Kemikalieförteckning', 'Förteckna de kemiska produkter och biotekniska organismer som hanteras och som kan innebära risker för hälsa eller miljö.'),
  ],
  '2020:614': [
    req('K3P1', 'Sortera ut livsmedels- och köksavfall', 'Bioavfall, bl.a. livsmedels- och köksavfall, ska sorteras ut och förvaras skilt från annat avfall.', FOOD),
    req('K3P10', 'Sortera ut bygg- och rivningsavfall', 'Bygg- och rivningsavfall ska sorteras ut i minst de avfallsslag som förordningen anger.', BUILDS),
    req('K3P11a', 'Farligt avfall hålls skilt', 'Farligt avfall ska sorteras ut, samlas in och hanteras skilt från annat avfall.', asked('waste')),
    req('K6P1', 'Anteckningar om farligt avfall', 'Anteckna för varje typ av farligt avfall bl.a. mängd, avfallskod och vart avfallet transporteras.', asked('waste')),
  ],
  '2011:1244': [
    req('K26P3', 'Arbetsgivardeklaration', 'Skatteavdrag och arbetsgivaravgifter ska redovisas i arbetsgivardeklaration för varje redovisningsperiod.', employer),
    req('K39P11', 'Personalliggare', 'För personalliggare i verksamhetslokalen med identifikationsuppgifter för de verksamma och när deras arbetspass börjar och slutar.', sni(56)),
    req('K39P11a', 'Elektronisk personalliggare på byggarbetsplatsen', 'För elektronisk personalliggare på byggarbetsplatsen med identifikationsuppgifter för de verksamma.', sni([41, 43])),
    req('K39P4', 'Kassaregister', 'Använd kassaregister vid försäljning av varor eller tjänster mot kontant betalning eller kortbetalning.', asked('consumerSales')),
  ],
};
