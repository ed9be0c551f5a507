/**
 * Words that say nothing about where a change lands: English function words, the verbs of
 * task titles, and the generic folder names of every repository (`src`, `lib`, `test`), which
 * would otherwise make every item look like it touches everything.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also an and any are as at be because been before being below
  between both but by can could did do does doing done down during each either else every few for from
  further had has have having here how if in into is it its itself just like make makes may might more
  most must need needs new no nor not now of off on once one only or other our out over own same should
  so some such than that the their them then there these they this those through to too under until up
  upon us use used uses using very via was we were what when where whether which while who why will with
  within without would yet you your instead already still etc per see also both given
  add adds added adding fix fixes fixed fixing update updates updated updating change changes changed
  remove removes removed removing move moves moved moving rename renamed renames replace replaced
  implement implemented improve improved support supports supported handle handles handling ensure
  ensures allow allows allowed create creates created creating delete deleted check checks checked
  refactor refactored clean cleanup tidy bump set sets get gets run runs running call calls called
  return returns returned make made keep keeps work works working write writes written read reads
  should shouldn't don't doesn't can't won't isn't it's want wants try tries trying
  item items task tasks issue issues bug bugs feature features todo done pending status priority
  description success criteria notes note acceptance context background goal goals scope summary
  p0 p1 p2 p3 high medium low blockedby blocks none
  src lib libs test tests spec specs source sources code file files folder folders dir directory
  module modules package packages app apps index main dist build tmp util utils helper helpers misc
  function functions method methods class classes type types interface interfaces const value values
  string strings number numbers boolean object objects array arrays true false null undefined
  error errors case cases way thing things part parts line lines first last next instead able
  passes pass passing fail fails failing failed green red correct correctly properly right wrong
  existing current currently old older newer still always never any some each per better simple`
    .split(/\s+/)
    .filter(Boolean),
);

/** JavaScript words that a backticked span may hold but that name nothing in the repo. */
export const KEYWORDS: ReadonlySet<string> = new Set(
  `if else for while do return throw try catch finally new this super class extends function const let var
  true false null undefined void typeof instanceof in of async await yield import export from default as
  type interface enum string number boolean object any unknown never`
    .split(/\s+/)
    .filter(Boolean),
);

/** Long words and the short folder names that usually stand for them. */
export const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['database', 'db'],
  ['databases', 'db'],
  ['documentation', 'docs'],
  ['configuration', 'config'],
  ['authentication', 'auth'],
  ['authorization', 'auth'],
  ['utilities', 'utils'],
  ['dependencies', 'deps'],
  ['environment', 'env'],
  ['application', 'app'],
  ['internationalization', 'i18n'],
  ['repository', 'repo'],
  ['administration', 'admin'],
  ['middlewares', 'middleware'],
]);
