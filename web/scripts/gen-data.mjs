// Writes the exercise, measure and rule data the app needs (names, cues, alternatives, why each
// rule is there) per language into public/data, from the catalogue in ../data.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const root = new URL('../../data/', import.meta.url);
const out = new URL('../public/data/', import.meta.url);
mkdirSync(out, { recursive: true });
const exercises = JSON.parse(readFileSync(new URL('exercises.json', root), 'utf8')).exercises;
for (const lang of ['en', 'sv', 'pl']) {
  const map = {};
  for (const e of exercises) {
    map[e.id] = {
      name: e.names?.[lang] ?? e.names?.en ?? e.id,
      cues: e.cues?.[lang] ?? e.cues?.en ?? [],
      alternatives: e.alternatives ?? [],
      modality: e.modality,
    };
  }
  writeFileSync(new URL(`exercises.${lang}.json`, out), JSON.stringify(map));
}
const measures = JSON.parse(readFileSync(new URL('measures.json', root), 'utf8')).measures;
writeFileSync(new URL('measures.json', out), JSON.stringify(measures.map((m) => ({
  id: m.id, names: m.names, unit: m.unit, min: m.min, max: m.max, step: m.step,
  entry: m.entry, trials: m.trials?.count ?? 1, per_side: m.trials?.per_side ?? false,
  higher_is_better: m.higher_is_better, change_kind: m.meaningful_change?.kind ?? 'none',
  change_improve: m.meaningful_change?.improve ?? null, change_worsen: m.meaningful_change?.worsen ?? null,
}))));

// Why each rule is there, in plain words for the person (the rule tables in ../data speak to
// clinicians, with codes and percentages of a maximum). A rule without a line here is said by
// its English title.
const PLAIN = {
  'schedule.days': [
    'Sessions fall only on the days you chose, with a rest day between strength sessions where possible.',
    'Passen ligger bara på de dagar du valde, med vilodag mellan styrkepassen när det går.',
    'Sesje przypadają tylko w wybrane przez ciebie dni, w miarę możliwości z dniem przerwy między sesjami siłowymi.',
  ],
  'schedule.frequency': [
    'The guidelines ask for aerobic and strength work at least twice a week each.',
    'Riktlinjerna rekommenderar konditions- och styrketräning minst två gånger i veckan vardera.',
    'Wytyczne zalecają trening wytrzymałościowy i siłowy, każdy co najmniej dwa razy w tygodniu.',
  ],
  'relapse.reentry': [
    'After a recent relapse you start again gently: two light weeks, then a build-up.',
    'Efter ett nyligen genomgånget skov börjar du försiktigt: två lätta veckor, sedan en gradvis uppbyggnad.',
    'Po niedawnym rzucie zaczynasz łagodnie: dwa lekkie tygodnie, potem stopniowe zwiększanie.',
  ],
  'strength.preparation': [
    'You start with light weights and more repetitions, so that muscles, joints and technique get used to the work.',
    'Du börjar med lätta vikter och fler repetitioner, så att muskler, leder och teknik vänjer sig vid arbetet.',
    'Zaczynasz od lekkich ciężarów i większej liczby powtórzeń, aby mięśnie, stawy i technika przyzwyczaiły się do pracy.',
  ],
  'strength.prt_ramp': [
    'Weights rise step by step over 8 weeks, as in the strength training studied in people with MS.',
    'Vikterna ökar steg för steg under 8 veckor, som i den styrketräning som studerats hos personer med MS.',
    'Ciężary rosną krok po kroku przez 8 tygodni, tak jak w treningu siłowym badanym u osób z SM.',
  ],
  'strength.deload': [
    'A lighter week lets your body recover before the next block.',
    'En lättare vecka låter kroppen återhämta sig före nästa period.',
    'Lżejszy tydzień pozwala ciału odpocząć przed kolejnym blokiem.',
  ],
  'strength.periodised': [
    'Harder and easier weeks take turns, so that you keep getting stronger without overdoing it.',
    'Tyngre och lättare veckor växlar, så att du fortsätter bli starkare utan att ta i för mycket.',
    'Trudniejsze i łatwiejsze tygodnie przeplatają się, dzięki czemu stajesz się silniejszy bez przeciążenia.',
  ],
  'strength.supported_tier': [
    'With a walking aid or more disability, weights stay moderate and stable set-ups come first.',
    'Med gånghjälpmedel eller större funktionsnedsättning hålls vikterna måttliga och stabila övningar kommer först.',
    'Przy pomocy do chodzenia lub większej niepełnosprawności ciężary pozostają umiarkowane, a stabilne ćwiczenia są na pierwszym miejscu.',
  ],
  'strength.specialist_tier': [
    'Seated strength work, guided by how hard it feels, suits your mobility best.',
    'Sittande styrketräning, styrd av hur ansträngande den känns, passar din rörlighet bäst.',
    'Ćwiczenia siłowe na siedząco, dobierane według odczuwanego wysiłku, najlepiej pasują do twojej sprawności.',
  ],
  'strength.rest_48h': [
    'Each muscle gets a day of rest after strength work.',
    'Varje muskel får en vilodag efter styrketräning.',
    'Każdy mięsień ma dzień odpoczynku po treningu siłowym.',
  ],
  'strength.priority_muscles': [
    'Each week works the muscles that matter most for walking, balance and posture.',
    'Varje vecka tränas de muskler som betyder mest för gång, balans och hållning.',
    'W każdym tygodniu ćwiczysz mięśnie najważniejsze dla chodzenia, równowagi i postawy.',
  ],
  'strength.core': [
    'Trunk exercises help you stay steady when you stand, walk and reach.',
    'Bålövningar hjälper dig att vara stadig när du står, går och sträcker dig.',
    'Ćwiczenia tułowia pomagają utrzymać stabilność, gdy stoisz, chodzisz i sięgasz.',
  ],
  'aerobic.protocol': [
    'Aerobic work builds fitness and can ease tiredness; you start with short bouts and go by how hard it feels.',
    'Konditionsträning bygger uthållighet och kan minska tröttheten; du börjar med korta pass och går efter hur ansträngande det känns.',
    'Trening wytrzymałościowy poprawia kondycję i może zmniejszać zmęczenie; zaczynasz od krótkich odcinków i kierujesz się odczuwanym wysiłkiem.',
  ],
  'aerobic.seated': [
    'Seated aerobic work, such as arm cycling, trains your heart and lungs safely from a chair.',
    'Sittande konditionsträning, till exempel armcykel, tränar hjärta och lungor säkert från en stol.',
    'Trening wytrzymałościowy na siedząco, np. rowerek ręczny, bezpiecznie ćwiczy serce i płuca.',
  ],
  'aerobic.hr_beta_blockers': [
    'Beta-blockers slow the heart, so you go by how hard it feels, not by heart rate.',
    'Betablockerare sänker pulsen, så du går efter hur ansträngande det känns, inte efter pulsen.',
    'Beta-blokery spowalniają serce, więc kierujesz się odczuwanym wysiłkiem, a nie tętnem.',
  ],
  'balance.coduse': [
    'Balance practice twice a week, always within reach of support, helps you stay steady and lowers the risk of falls.',
    'Balansträning två gånger i veckan, alltid med stöd inom räckhåll, hjälper dig att vara stadig och minskar risken att falla.',
    'Ćwiczenia równowagi dwa razy w tygodniu, zawsze z podparciem w zasięgu ręki, pomagają utrzymać stabilność i zmniejszają ryzyko upadku.',
  ],
  'balance.progression': [
    'Balance exercises get harder only when you rate them safe and easy, never just because time has passed.',
    'Balansövningarna blir svårare bara när du tycker att de är säkra och lätta, aldrig bara för att tiden gått.',
    'Ćwiczenia równowagi stają się trudniejsze tylko wtedy, gdy ocenisz je jako bezpieczne i łatwe, nigdy tylko dlatego, że minął czas.',
  ],
  'cognitive.dual_task': [
    'Moving while thinking (counting, naming) trains what everyday life asks of you.',
    'Att röra sig och tänka samtidigt (räkna, nämna saker) tränar det vardagen kräver.',
    'Ruch połączony z myśleniem (liczenie, nazywanie) ćwiczy to, czego wymaga codzienne życie.',
  ],
  'flexibility.cooldown': [
    'Stretching at the end of each session keeps your muscles supple and can ease stiffness.',
    'Stretching i slutet av varje pass håller musklerna smidiga och kan lindra stelhet.',
    'Rozciąganie na koniec każdej sesji utrzymuje elastyczność mięśni i może zmniejszać sztywność.',
  ],
  'session.warmup': [
    'A few minutes of easy movement warm you up before the work.',
    'Några minuter lätt rörelse värmer upp dig före passet.',
    'Kilka minut łagodnego ruchu rozgrzewa cię przed ćwiczeniami.',
  ],
  'session.fit_time': [
    'Each session fits the time you have; anything shortened is listed.',
    'Varje pass ryms i den tid du har; det som kortats anges.',
    'Każda sesja mieści się w twoim czasie; wszystko, co skrócono, jest wymienione.',
  ],
  'safety.equipment': [
    'Only equipment you have is used; your own body weight always works.',
    'Bara utrustning du har används; din egen kroppsvikt fungerar alltid.',
    'Używany jest tylko sprzęt, który masz; ciężar własnego ciała zawsze się sprawdza.',
  ],
  'safety.mobility': [
    'Exercises are chosen to suit how you move.',
    'Övningarna väljs så att de passar hur du rör dig.',
    'Ćwiczenia są dobrane do tego, jak się poruszasz.',
  ],
  'safety.solo_heavy': [
    'When you train alone, lifts that need someone to spot you are replaced by safer ones.',
    'När du tränar ensam byts lyft som kräver en passare ut mot säkrare övningar.',
    'Gdy ćwiczysz sam, ćwiczenia wymagające asekuracji są zastępowane bezpieczniejszymi.',
  ],
  'safety.heat': [
    'Heat can bring back old symptoms, so aerobic work comes in short bouts with cooling.',
    'Värme kan väcka gamla symtom, så konditionsträningen delas i korta pass med avkylning.',
    'Ciepło może nasilać dawne objawy, dlatego trening wytrzymałościowy jest podzielony na krótkie odcinki z chłodzeniem.',
  ],
  'safety.relapse': [
    'After a recent relapse the plan waits for your MS team, then starts gently. Exercise does not cause relapses.',
    'Efter ett nyligen genomgånget skov väntar planen på ditt MS-team och börjar sedan försiktigt. Träning orsakar inte skov.',
    'Po niedawnym rzucie plan czeka na zgodę twojego zespołu SM, a potem zaczyna łagodnie. Ćwiczenia nie wywołują rzutów.',
  ],
  'safety.clinician': [
    'Agree your plan with your MS clinician or physiotherapist.',
    'Stäm av planen med din MS-läkare eller fysioterapeut.',
    'Uzgodnij plan ze swoim lekarzem lub fizjoterapeutą prowadzącym SM.',
  ],
  'safety.red_flags': [
    'Some symptoms mean you stop at once and get help; the plan lists them.',
    'Vissa symtom betyder att du slutar direkt och söker hjälp; planen räknar upp dem.',
    'Niektóre objawy oznaczają, że natychmiast przerywasz i szukasz pomocy; plan je wymienia.',
  ],
  'safety.progressive_ms': [
    'With progressive MS the plan builds up more slowly and keeps aerobic work moderate.',
    'Vid progressiv MS byggs planen upp långsammare och konditionsträningen hålls måttlig.',
    'Przy postępującej postaci SM plan narasta wolniej, a trening wytrzymałościowy pozostaje umiarkowany.',
  ],
  'safety.specialist_plan': [
    'A specialist who knows MS should set your programme, with a trained helper.',
    'En specialist med MS-erfarenhet bör lägga upp ditt program, med en utbildad medhjälpare.',
    'Twój program powinien ustalić specjalista znający SM, z pomocą przeszkolonego asystenta.',
  ],
  'safety.age': [
    'The guidelines were written for adults aged 18 to 64.',
    'Riktlinjerna skrevs för vuxna i åldern 18 till 64 år.',
    'Wytyczne opracowano dla dorosłych w wieku od 18 do 64 lat.',
  ],
  'profile.plausibility': [
    'Your answers about walking and disability need to fit together.',
    'Dina svar om gång och funktionsnedsättning behöver stämma med varandra.',
    'Twoje odpowiedzi o chodzeniu i niepełnosprawności muszą do siebie pasować.',
  ],
  'adapt.progression': [
    'Weights follow what you log: up when sets go well, the same or lower when they do not.',
    'Vikterna följer det du loggar: upp när seten går bra, samma eller lägre när de inte gör det.',
    'Ciężary zależą od tego, co zapisujesz: rosną, gdy serie idą dobrze, a pozostają lub maleją, gdy nie.',
  ],
  'adapt.max_step': [
    'Weights never jump much from one time to the next.',
    'Vikterna ökar aldrig mycket från en gång till nästa.',
    'Ciężary nigdy nie rosną gwałtownie z jednego razu na drugi.',
  ],
  'adapt.readiness': [
    'How you feel at the check-in changes the day: less work when you are tired.',
    'Hur du mår vid incheckningen ändrar dagen: mindre träning när du är trött.',
    'Twoje samopoczucie przy zgłoszeniu zmienia dzień: mniej pracy, gdy jesteś zmęczony.',
  ],
  'adapt.heat': [
    'On hot days aerobic work is shorter and easier, with rests.',
    'Varma dagar är konditionsträningen kortare och lättare, med vila.',
    'W upalne dni trening wytrzymałościowy jest krótszy i łatwiejszy, z przerwami.',
  ],
  'adapt.red_flag': [
    'A warning symptom stops training that day and tells you what help to get.',
    'Ett varningssymtom stoppar träningen den dagen och säger vilken hjälp du ska söka.',
    'Objaw ostrzegawczy przerywa trening tego dnia i mówi, jakiej pomocy szukać.',
  ],
  'adapt.relapse_pause': [
    'A relapse pauses the plan until your MS team agrees you can train again.',
    'Ett skov pausar planen tills ditt MS-team godkänner att du tränar igen.',
    'Rzut wstrzymuje plan, dopóki twój zespół SM nie zgodzi się na powrót do ćwiczeń.',
  ],
  'adapt.gap': [
    'After two weeks or more without training, the first session back is lighter.',
    'Efter två veckor eller mer utan träning är första passet lättare.',
    'Po dwóch lub więcej tygodniach bez treningu pierwsza sesja jest lżejsza.',
  ],
  'adapt.swap': [
    'This exercise replaces one that did not suit you, at the same dose.',
    'Den här övningen ersätter en som inte passade dig, med samma dos.',
    'To ćwiczenie zastępuje takie, które ci nie odpowiadało, w tej samej dawce.',
  ],
  'strength.reps_in_reserve': [
    'You stop each set with a few repetitions still in you, never to exhaustion.',
    'Du avslutar varje set med några repetitioner kvar, aldrig till utmattning.',
    'Kończysz każdą serię z zapasem kilku powtórzeń, nigdy do wyczerpania.',
  ],
  'strength.bodyweight_progression': [
    'Without weights you progress by more repetitions, a second set, then lowering slowly.',
    'Utan vikter ökar du med fler repetitioner, ett andra set och sedan långsam sänkning.',
    'Bez ciężarów robisz postępy przez więcej powtórzeń, drugą serię, a potem powolne opuszczanie.',
  ],
  'safety.solo_balance': [
    'Training alone with a walking aid, you do balance work holding on to something steady, or seated.',
    'När du tränar ensam med gånghjälpmedel gör du balansövningar med stöd av något stadigt, eller sittande.',
    'Ćwicząc sam z pomocą do chodzenia, wykonujesz ćwiczenia równowagi, trzymając się czegoś stabilnego, lub na siedząco.',
  ],
  'aerobic.vigorous_screening': [
    'Moderate effort is the safe default; harder aerobic work only at low risk or when your clinician clears it.',
    'Måttlig ansträngning är det säkra förvalet; hårdare konditionsträning bara vid låg risk eller när din behandlare godkänner det.',
    'Umiarkowany wysiłek jest bezpiecznym wyborem; cięższy trening wytrzymałościowy tylko przy niskim ryzyku lub za zgodą terapeuty.',
  ],
  'safety.ambulation': [
    'Aerobic work uses a bike or seated work rather than long walks, to suit your walking range.',
    'Konditionsträningen sker på cykel eller sittande i stället för långa promenader, efter hur långt du kan gå.',
    'Trening wytrzymałościowy odbywa się na rowerze lub na siedząco zamiast długich marszów, zgodnie z twoim zasięgiem chodu.',
  ],
  'adapt.recent_relapse': [
    'A relapse shortly before the start pauses the plan until your MS team agrees you can train.',
    'Ett skov strax före starten pausar planen tills ditt MS-team godkänner att du tränar.',
    'Rzut tuż przed rozpoczęciem wstrzymuje plan, dopóki twój zespół SM nie zgodzi się na ćwiczenia.',
  ],
  'adapt.recovery_seated': [
    'On a bad day you rest, or do a short seated session of gentle movement and breathing.',
    'En dålig dag vilar du eller gör ett kort sittande pass med lugna rörelser och andning.',
    'W gorszy dzień odpoczywasz albo wykonujesz krótką sesję na siedząco z łagodnym ruchem i oddychaniem.',
  ],
  'adapt.medical_clearance': [
    'After a serious warning symptom, training waits until a doctor has cleared you.',
    'Efter ett allvarligt varningssymtom väntar träningen tills en läkare har godkänt dig.',
    'Po poważnym objawie ostrzegawczym trening czeka, aż lekarz wyrazi zgodę.',
  ],
  'adapt.new_neurological': [
    'A sudden new symptom needs urgent medical help, even if it fades, and pauses the plan.',
    'Ett plötsligt nytt symtom kräver akut vård, även om det går över, och pausar planen.',
    'Nagły nowy objaw wymaga pilnej pomocy medycznej, nawet jeśli ustąpi, i wstrzymuje plan.',
  ],
  'adapt.balance_level': [
    'Today\'s balance level follows your own ratings so far.',
    'Dagens balansnivå följer dina egna bedömningar hittills.',
    'Dzisiejszy poziom równowagi wynika z twoich dotychczasowych ocen.',
  ],
};
const rules = JSON.parse(readFileSync(new URL('rules.json', root), 'utf8')).rules;
['en', 'sv', 'pl'].forEach((lang, n) => {
  const map = {};
  for (const r of rules) map[r.id] = PLAIN[r.id]?.[n] ?? PLAIN[r.id]?.[0] ?? r.title;
  writeFileSync(new URL(`rules.${lang}.json`, out), JSON.stringify(map));
});
const unsaid = rules.filter((r) => !PLAIN[r.id]).map((r) => r.id);
console.log(`data: ${exercises.length} exercises, ${measures.length} measures, ${rules.length} rules${unsaid.length ? ` (by title only: ${unsaid.join(', ')})` : ''}`);
