// English sentiment lexicon: a hand-curated core for customer and community talk (support posts, reviews, social
// media) on the −4…+4 scale. The broad vocabulary comes from AFINN-165 (lexicon-afinn.ts); entries here win over it.
import { type LexiconEntry, table } from "./lexicon-types";

const POSITIVE = table(`
good=1.9; great=2.8; excellent=3.2; amazing=3; awesome=3; fantastic=3.2; wonderful=3; brilliant=3; superb=3.2
outstanding=3.2; perfect=3; perfectly=2.2; flawless=3; incredible=2.8; impressive=2.5; impressed=2.5; superb job=3.5
love=3; loved=3; loving=2.5; loves=2.8; lovely=2.8; adore=3; like it=1.8; liked it=1.8; i like=1.6; we like=1.6
likes=1.2; enjoy=2.2; enjoyed=2.2; enjoying=2.2; happy=2.7; glad=2.2; pleased=2.2; delighted=3; satisfied=2
thrilled=3; excited=2.5; exciting=2.5; stoked=2.5; pumped=2; psyched=2; yay=2.5; woohoo=2.5; hooray=2.5; yippee=2.5
nice=1.8; cool=1.3; neat=1.5; sweet=1.8; fun=2.2; funny=1.8; hilarious=2.2; beautiful=2.8; gorgeous=2.8; cute=2
best=2.8; better=1.4; fine=0.8; pretty good=2; not bad=1.2; decent=1.2; solid=1.2; reliable=2; stable=1.2; smooth=1.5
fast=1; quick=1; quickly=0.8; speedy=1.5; efficient=1.8; easy=1.5; easier=1.2; simple=0.8; intuitive=1.8
convenient=1.8; affordable=1.5; cheap=0.5; worth it=2.2; worth every penny=3; value for money=2; bargain=1.8
helpful=2.2; useful=1.8; friendly=2.2; polite=1.8; kind=1.8; patient=1.5; professional=1.8; knowledgeable=1.8
responsive=1.8; supportive=2; caring=2; courteous=2; attentive=1.8; generous=2; thoughtful=2; welcoming=2
recommend=1.8; recommended=1.8; highly recommend=3; would recommend=2.5; must have=2; must-have=2; favorite=2.2
favourite=2.2; fave=2; the best=3; win=2; won=1.8; winner=2; wins=1.8; victory=2.2; success=2.2; successful=2.2
congrats=2.5; congratulations=2.5; proud=2; blessed=2.5; grateful=2.5; thankful=2.5; appreciate=2.2; appreciated=2.2
appreciate it=2.5; lucky=2; luck=1.2; good luck=1.8; hope=1; hopefully=0.8; looking forward=2; can't wait=2.2
cant wait=2.2; cannot wait=2.2; can not wait=2.2; can hardly wait=2.2; ready=0.5; wow=1.8; omg=0.3; yes=0.5; yeah=0.5
lol=1; lmao=1.2; haha=1.5; hahaha=1.8; hehe=1.2; xd=1.5; rofl=1.5; smile=1.8; smiling=1.8; laugh=1.5; laughing=1.5
epic=2.2; legendary=2.5; legend=2; dope=2; lit=1.2; fire=0; killed it=2.5; nailed it=2.5; rocks=2
rock=0.5; rocked=2; rocking=2; slay=1.5; goat=0.5; brilliantly=2.5; well done=2.5; good job=2.5; great job=3
nice work=2.5; great work=3; good work=2.5; kudos=2.2; bravo=2.5; props=1.5; shoutout=1.5; shout out=1.5
life saver=2.5; lifesaver=2.5; godsend=2.5; works great=2.8; works perfectly=3; works fine=1.5; works well=2.2
working fine=1.5; working again=1.5; works now=1.5; working now=1.5; it works=1.2; fixed it=1.8; fixed now=1.5
issue resolved=2; problem solved=2; resolved=1.2; sorted=1; sorted out=1.2; solved=1.5; up and running=1.5
back online=1.2; 5 stars=2.5; five stars=2.5; top notch=2.8; top-notch=2.8; first class=2.5
five star=2.5; 5 star=2.5; spot on=2; on point=2; on time=1.2; as described=1.5; as expected=0.5; no complaints=1.5
no issues=1.2; no problems=1.2; peace=1.2; peaceful=1.5; relaxed=1.5; relaxing=1.8; calm=1; comfortable=1.8
safe=1; secure=1; healthy=1.5; fresh=1.2; clean=1.2; tasty=2; delicious=2.8; yummy=2.4; beautifully=2.5
brave=1.8; hero=2; heroes=2; inspiring=2.5; inspired=2; inspiration=2; motivated=1.8; motivating=1.8; genius=2.5
smart=1.5; clever=1.5; talented=2.2; skilled=1.5; strong=1; powerful=1.2; fabulous=3; fab=2.5; marvelous=3
terrific=3; splendid=2.8; stellar=2.8; phenomenal=3; exceptional=3; remarkable=2.5; magnificent=3; lovin=2.5
wins it=2; celebrate=2; celebrating=2; celebration=2; party=1; birthday=0.8; happy birthday=2.5; merry=2.2
enjoyable=2.2; entertaining=2; interesting=1.5; fascinating=2.2; useful info=2; informative=1.8; eager=1.5
`);

const THANKS = table(`
thanks=1.8; thank=1.6; thank you=2; thank u=2; thankyou=2; thanks a lot=2.5; thank you so much=3; thanks so much=3
many thanks=2.5; thx=1.5; thnx=1.5; thanx=1.5; ty=1.2; tysm=2.5; tyvm=2.5; cheers=1.2; much appreciated=2.5
thanks in advance=0.5; thank you in advance=0.5; thanks for your help=2.5; thanks for the help=2.5
`);

const NEGATIVE = table(`
bad=2.5; terrible=3; horrible=3; awful=3; horrendous=3.2; dreadful=3; atrocious=3.2; abysmal=3.2; worst=3.2
worse=2.2; poor=2; poorly=2; crappy=2.5; crap=2.5; shitty=2.8; sucks=2.2; suck=2; sucked=2.2; lame=2; meh=1
disappointed=2.5; disappointing=2.5; disappointment=2.5; let down=2; letdown=2; frustrated=2.5; frustrating=2.5
frustration=2.2; annoyed=2; annoying=2.2; irritated=2; irritating=2.2; angry=2.5; mad=2; furious=3; pissed=2.8
pissed off=3; upset=2.2; unhappy=2.5; sad=2; sadly=1.8; unfortunately=1.5; depressed=2.5; depressing=2.5
miserable=2.8; hate=2.8; hated=2.8; hates=2.6; hating=2.5; dislike=2; disgusting=3; disgusted=3; gross=2
boring=2; bored=1.5; tedious=1.8; useless=2.5; pointless=2; worthless=2.8; hopeless=2.2; pathetic=2.8
ridiculous=2.2; absurd=2; unacceptable=3; outrageous=2.8; shameful=2.8; disgrace=2.8; joke=0.5; a joke=2
rude=2.5; unprofessional=2.5; incompetent=2.8; unhelpful=2.2; impolite=2.2; disrespectful=2.5; arrogant=2.2
condescending=2.2; dismissive=2.2; ignored=2; ignoring=2; ignores=2; careless=2; lazy=1.8; clueless=2
slow=1.2; slowly=0.8; sluggish=1.8; laggy=2; lagging=1.8; lag=1.5; delayed=1.5; delay=1.2; delays=1.5
expensive=1.2; overpriced=2.2; pricey=1; costly=1.2; rip off=3; ripoff=3; ripped off=3; waste=2; wasted=2
waste of money=3; waste of time=2.8; scam=3; scammed=3; scammer=3; scammers=3; fraud=3; fraudulent=3; fake=2
broken=2; damaged=2; defective=2.5; faulty=2.2; missing=1.2; wrong=1.5; mistake=1.5; mistakes=1.5; error=1.2
errors=1.5; bug=1.5; bugs=1.5; buggy=2; glitch=1.5; glitches=1.8; glitchy=1.8; crash=1.8; crashes=2
crashed=2; crashing=2.2; freeze=1.2; freezes=1.8; frozen=1; stuck=1.5; problem=1; problems=1.2; issue=0.6
issues=0.8; trouble=1.5; troubles=1.5; fail=2; failed=2; fails=2; failure=2.2; failing=2; fails to=2.2
confusing=1.8; confused=1.5; complicated=1.2; messy=1.5; mess=1.8; chaos=1.8; nightmare=3; disaster=3
hell=2; damn=1; dammit=2; wtf=2.5; fml=2.5; smh=1.5; ugh=2; argh=2; sigh=1; rip=1.5; sorry=0.8; cry=1.5
crying=1.8; cried=1.8; tears=1.2; scared=2; scary=2; afraid=2; worried=1.8; worry=1.2; nervous=1.2; anxious=1.8
stress=1.8; stressed=2; stressful=2; tired=1.5; exhausted=2; sick=1.2; ill=1.2; pain=2; painful=2.2; hurt=2
hurts=2; dead=1.5; die=2; died=2; death=2; kill=2.5; killed=2.5; murder=3; attack=2; attacks=2; war=2
terror=3; terrorist=3; terrorism=3; violence=2.5; racist=3; sexist=2.8; stupid=2.5; idiot=2.8; idiots=2.8
dumb=2.2; moron=2.8; loser=2.2; fuck=2.5; fucked=2.8; fucking=1.5; shit=2.2; bullshit=2.8; bs=1.5; screw=1.5
screwed=2.5; screwed up=2.8; messed up=2.5; sucks ass=3; lost=1.5; lose=1.5; losing=1.5; loss=1.8; miss=0.8
missed=1.2; lonely=2; alone=1; boo=1.5; blah=1; nope=0.8; never again=2.8; avoid=1.5; stay away=2.5
one star=2.5; 1 star=2.5; zero stars=3; 0 stars=3; worst ever=3.5; not happy=2.2; not impressed=2; fed up=2.5
sick of=2.5; tired of=2.2; had enough=2.2; can't stand=2.5; cant stand=2.5; shame=1.8; shameful=2.5
blame=1.5; guilty=1.8; bitch=2.5; annoy=2; hassle=1.8; inconvenient=1.8; inconvenience=1.8; unreliable=2.2
unstable=1.8; unusable=2.5; unbearable=2.8; slowest=2.2; lousy=2.5; mediocre=1.5; subpar=1.8; cheap quality=2
`);

/** Support-forum complaint topics: negation keeps them complaints ("no refund", "not refunded yet"). */
const COMPLAINT = table(`
refund=1.2; refunds=1.2; my refund=1.8; a refund=1.5; no refund=2.5; want a refund=2.5; money back=1.8; chargeback=2.2
charged twice=3; double charged=3; double charge=2.8; double-charged=3; double billing=3; double billed=3
billed twice=3; charged me twice=3; charged again=2.5; overcharged=2.8; over charged=2.8; hidden fees=2.5
hidden fee=2.5; extra charge=1.8; extra charges=1.8; unauthorized charge=3; wrong charge=2.5; charged me=1.2
outage=2.2; outages=2.2; service down=2.2; is down=1.8; was down=1.8; went down=1.5; been down=2.2; down again=2.5
no internet=2.5; no signal=2.2; no service=2.2; no power=2; no connection=2.2; connection drops=2.5
keeps dropping=2.5; keeps crashing=2.8; keeps disconnecting=2.8; dropped calls=2.2; not working=2.2
doesn't work=2.2; does not work=2.2; didn't work=2; did not work=2; won't work=2.2; never works=2.5
stopped working=2.5; isn't working=2.2; is not working=2.2; aren't working=2.2; still not working=2.8
still broken=2.8; still waiting=2.2; been waiting=1.8; waiting for days=2.8; waiting for weeks=3; on hold=1.5
no response=2.2; no reply=2; no answer=1.8; never received=2.5; never arrived=2.5; not received=2.2
hasn't arrived=2.2; never got=2; lost my=1.5; cancel my=1.5; cancel my subscription=2; cancel my account=2
unsubscribe=1.2; hacked=2.5; locked out=2.2; can't log in=2.2; cant log in=2.2; can't login=2.2; cant login=2.2
cannot log in=2.2; unable to=1.5; complaint=1.5; complain=1.8; complained=1.8; complaining=1.5; escalate=1.5
customer service sucks=3; terrible service=3; poor service=2.8; bad service=2.8; worst service=3.5
slow support=2.5; slow response=2.2; slow internet=2.2; slow connection=2.2; rude staff=3; rude agent=3
rude customer service=3; hung up=2; hung up on me=2.8; transferred again=2.2; disconnected=1.8
wifi drops=2; wi-fi drops=2; signal drops=2; internet drops=2; call drops=2; calls drop=2; drops out=1.8
keeps dropping out=2.5; disconnects=1.8; keeps disconnecting from=2.8
`);

/** Requests and suggestions: weak negative, outweighed by positive or neutral evidence (ADR 007). */
const REQUEST = table(`
please fix=1.2; please fix this=1.5; fix this=1; fix it=0.8; needs to be fixed=1.5; need to fix=1.2
should be fixed=1.5; needs improvement=1.5; need improvement=1.5; could be better=1.2; should be better=1.2
would be nice if=0.5; would be better=0.5; wish there was=0.6; please add=0.6; please help=0.5; any update=0.8
any updates=0.8; still no update=2; no update=1.5; please respond=1; please reply=0.8
`);

/** Neutral alone, negative when negated ("didn't help", "never arrived", "not responding"). */
const EXPECTED = table(
  `
work=2; works=2; working=2; worked=2; function=1.5; functioning=1.5; load=1.5; loads=1.5; loading=1.5; connect=1.8
connects=1.8; connecting=1.8; respond=1.8; responded=1.8; responding=1.8; reply=1.5; replied=1.5; answer=1.2
answered=1.5; arrive=1.5; arrived=1.8; received=1.8; receive=1.5; delivered=1.8; deliver=1.5; show up=1.5
showed up=1.5; fixed=1.8; refunded=2; help=1.5; helped=1.5; helping=1.5; care=1.5; cares=1.5; understand=1
make sense=1.5; makes sense=1.5; agree=1; like=1.6; want=0.8; recommend=2.2; trust=1.5; open=1; opens=1.2
start=1; starts=1.2; sync=1.5; update=1; turn on=1.5; log in=1.5; login=1.5; sign in=1.5; support=1.5; fix=1.2
get back to me=2; called back=1.8; call back=1.5; solve=1.5; solved=1.5; resolve=1.5; resolved=2; answer my=1.8
make calls=2; make a call=1.8; receive calls=2; send messages=1.8; send sms=1.8; send texts=1.8; hear=1.2
access=1.5; download=1.2; install=1.2; activate=1.5; top up=1.5; go online=1.8; get online=1.8
`,
  1,
);

/** Negators (VADER's list plus "n't" spellings without apostrophe). */
const NEGATORS = table(`
not; no=-0.3; never; cannot; can't; cant; don't; dont; doesn't; doesnt; didn't; didnt; isn't; isnt; aren't
arent; wasn't; wasnt; weren't; werent; haven't; havent; hasn't; hasnt; hadn't; hadnt; won't; wont; wouldn't
wouldnt; couldn't; couldnt; shouldn't; shouldnt; mustn't; ain't; aint; without; nothing; nobody; none; neither
nor; hardly; barely; scarcely; no longer; not even; never ever; neva; nah; nope=-0.5; not really; not at all
`);

const BLOCKS = table(`
no problem=0.8; no problems=1.2; no worries=0.8; no doubt=0.8; without a doubt=1; not only=0; not just=0
never mind=0; nevermind=0; not sure=-0.3; no idea=-0.3; no matter=0; of course=0.3; no way=-0.5; not a fan=-1.5
no wonder=0; not to mention=0; nothing but=0; not that bad=1; like a=0; like the=0; like this=0; like that=0
look like=0; looks like=0; looked like=0; feel like=0; feels like=0; just like=0; would like=0.3; i'd like=0.3
kind of like=0; pretty much=0; as well=0; well then=0; oh well=-0.5; shout=0; hope so=0.8
please=0; pls=0; plz=0; top=0; true=0.5; free=0.5; share=0.3; matter=0; matters=0; god=0; jesus=0; pray=0.5
justice=0.5; yes please=1; joke=0.3; party=1; fan=0.5; fans=0.5; super bowl=0; black friday=0; good friday=0
good morning=1; good night=1; good evening=1; good afternoon=1; tops out=0; topped out=0; top out=0
topping out=0; topped up=0; top-up=0; did i miss=0; am i missing=0; what am i missing=0
`);

const PRE = table(`
very=1.3; really=1.3; so=1.3; extremely=1.6; super=1.4; totally=1.3; absolutely=1.4; completely=1.3; utterly=1.4
incredibly=1.5; insanely=1.4; truly=1.3; highly=1.3; hugely=1.3; deeply=1.3; seriously=1.3; especially=1.2
most=1.2; such=1.2; too=1.3; way too=1.5; quite=1.1; pretty=1.15; fairly=0.85; rather=0.9; somewhat=0.7
slightly=0.6; a bit=0.6; a little=0.6; a little bit=0.6; kinda=0.7; kind of=0.7; sort of=0.7; sorta=0.7
mildly=0.6; fucking=1.5; fuckin=1.5; freaking=1.4; freakin=1.4; damn=1.3; bloody=1.3; hella=1.4; real=1.2
so so=0.6; sooo=1.5; soo=1.4; remarkably=1.4; exceptionally=1.5; thoroughly=1.3; unbelievably=1.5; way=1.2
`);

const POST = table(`
so much=1.3; a lot=1.2; very much=1.3; as hell=1.4; af=1.4; big time=1.3; a ton=1.3; indeed=1.1
`);

const EXCESS = `much; many; long; late; small; big; short; high; low; loud; hot; cold; early; hard; far; little
busy; heavy; strict; fast; quick; soon; often; crowded`;

const CONTRAST_BUT = `but; however; nevertheless; nonetheless; yet still; that said; on the other hand; except that`;
const CONTRAST_ALTHOUGH = `although; even though; despite; whereas; even if; in spite of`;

function entries(): LexiconEntry[] {
  const out: LexiconEntry[] = [];
  const add = (e: Omit<LexiconEntry, "lang">) => out.push({ ...e, lang: "en" });
  for (const [phrase, v] of POSITIVE) add({ phrase, valence: v, cat: v >= 2.5 ? "praise" : "positive" });
  for (const [phrase, v] of THANKS) add({ phrase, valence: v, cat: "thanks" });
  for (const [phrase, v] of NEGATIVE) add({ phrase, valence: -v, cat: "negative" });
  for (const [phrase, v] of COMPLAINT) add({ phrase, valence: -v, cat: "complaint", fixed: true });
  for (const [phrase, v] of REQUEST) add({ phrase, valence: -v, cat: "request", fixed: true });
  for (const [phrase, v] of EXPECTED) add({ phrase, whenNegated: -v });
  for (const [phrase, v] of NEGATORS) add({ phrase, negator: true, alone: v });
  for (const [phrase, v] of BLOCKS) {
    const verb = /^(like|likes) (a|the|this|that)$/.test(phrase) ? { whenNegated: -1.6 } : {};
    add({ phrase, block: true, valence: v, cat: v >= 0 ? "positive" : "negative", ...verb });
  }
  for (const [phrase, v] of PRE)
    add({ phrase, pre: v, excessTrigger: phrase === "too" || phrase === "way too" });
  for (const [phrase, v] of POST) add({ phrase, post: v });
  for (const [phrase] of table(EXCESS)) add({ phrase, excess: true });
  for (const [phrase] of table(`in order to; so that`)) add({ phrase, irrealis: true });
  for (const [phrase] of table(CONTRAST_BUT)) add({ phrase, contrast: "but" });
  for (const [phrase] of table(CONTRAST_ALTHOUGH)) add({ phrase, contrast: "although" });
  return out;
}

export const EN_ENTRIES: readonly LexiconEntry[] = entries();

/** English function words, used for language detection. */
export const EN_FUNCTION_WORDS = new Set(
  `the a an is are was were be been being am i you he she it we they me my your his her its our their this that
these those of to in on at for with from by about as into over after before and or but if then so because not
no do does did have has had will would can could should shall may might must what which who whom whose when where
why how all any some there here just very really also too only than more most much many get got just out up down
again new one like well im i'm it's don't can't won't didn't doesn't isn't that's there's what's let's please thanks`.split(
    /\s+/,
  ),
);
