// The shape of a generated history: which revision follows which. Mostly a linear trunk, with
// occasional branch points (two or three branches) that merge back, a few branch labels, and an
// independent labelled stream (`audit`) with its own base, so the final graph has exactly two
// heads (one when the history is too small for the audit stream). `depends_on` edges always
// point at revisions generated earlier, which keeps the graph acyclic by construction.

const WORDS = ['liberty', 'mitaka', 'newton', 'ocata', 'pike', 'queens', 'rocky', 'stein', 'train', 'ussuri'];
const FEATURE_LABELS = ['billing', 'search', 'reporting'];
const SLUG_NOUNS = ['orders', 'customers', 'invoices', 'products', 'shipments', 'payments', 'accounts', 'sessions', 'events', 'coupons', 'reviews', 'stock', 'tenants', 'webhooks', 'audit_log'];
const SLUG_VERBS = ['add', 'create', 'extend', 'index', 'backfill', 'rework', 'constrain', 'track'];

/** Below this size the audit stream is left out and the history has a single head. */
export const AUDIT_MIN_REVISIONS = 20;

export function planHistory(count, random, locationCount) {
  const revisions = [];
  const usedIds = new Set();
  const auditStart = count >= AUDIT_MIN_REVISIONS ? Math.floor(count * 0.1) : -1;
  let trunkTips = [];
  let branchPoint;
  let pendingBranchStarts = 0;
  let auditTip;
  const labelsLeft = [...FEATURE_LABELS];
  const trunkRevisions = [];
  const auditRevisions = [];

  const newRevision = (index, parents) => {
    const id = newId(index, random, usedIds);
    const verb = random.pick(SLUG_VERBS);
    const noun = random.pick(SLUG_NOUNS);
    const revision = {
      index,
      id,
      parents,
      branchLabels: [],
      dependsOn: [],
      message: `${verb} ${noun.replace('_', ' ')} ${index}`,
      slug: `${verb}_${noun}_${index}`,
      location: random.int(0, locationCount - 1),
      createDate: createDate(index, random),
    };
    revisions.push(revision);
    return revision;
  };

  for (let index = 0; index < count; index++) {
    const remaining = count - index;
    if (index === auditStart) {
      auditTip = newRevision(index, []);
      auditTip.branchLabels.push('audit');
      auditTip.stream = 'audit';
      auditRevisions.push(auditTip);
      continue;
    }
    if (auditTip && remaining > 5 && pendingBranchStarts === 0 && random.chance(0.04)) {
      const revision = newRevision(index, [auditTip.id]);
      revision.stream = 'audit';
      // The audit stream depends on the trunk now and then, by id.
      if (trunkRevisions.length > 0 && random.chance(0.5)) revision.dependsOn.push(random.pick(trunkRevisions).id);
      auditTip = revision;
      auditRevisions.push(revision);
      continue;
    }

    let revision;
    if (pendingBranchStarts > 0) {
      revision = newRevision(index, [branchPoint.id]);
      pendingBranchStarts--;
      trunkTips.push(revision);
      maybeLabel(revision, random, labelsLeft);
    } else if (trunkTips.length > 1) {
      if (remaining <= 2 || random.chance(0.2)) {
        revision = newRevision(index, trunkTips.map((tip) => tip.id));
        revision.merge = true;
        trunkTips = [revision];
      } else {
        const slot = random.int(0, trunkTips.length - 1);
        revision = newRevision(index, [trunkTips[slot].id]);
        trunkTips[slot] = revision;
      }
    } else if (trunkTips.length === 1 && remaining > 12 && random.chance(0.04)) {
      branchPoint = trunkTips[0];
      pendingBranchStarts = (random.chance(0.3) ? 3 : 2) - 1;
      revision = newRevision(index, [branchPoint.id]);
      trunkTips = [revision];
      maybeLabel(revision, random, labelsLeft);
    } else {
      revision = newRevision(index, trunkTips.map((tip) => tip.id));
      trunkTips = [revision];
    }
    revision.stream = 'trunk';
    addTrunkDependency(revision, random, auditRevisions, revisions);
    trunkRevisions.push(revision);
  }
  return revisions;
}

function maybeLabel(revision, random, labelsLeft) {
  if (labelsLeft.length > 0 && random.chance(0.5)) revision.branchLabels.push(labelsLeft.shift());
}

/**
 * Some trunk revisions depend on the audit stream (by label or by id) or on a feature label.
 * Merges never get one: Alembic 1.20 loses track of its heads when a merge revision also
 * depends on one of its own ancestors (KeyError in the version table bookkeeping).
 */
function addTrunkDependency(revision, random, auditRevisions, revisions) {
  if (revision.parents.length !== 1 || !random.chance(0.03)) return;
  const roll = random.next();
  if (auditRevisions.length > 0 && roll < 0.5) revision.dependsOn.push('audit');
  else if (auditRevisions.length > 0 && roll < 0.8) revision.dependsOn.push(random.pick(auditRevisions).id);
  else {
    const labelled = revisions.find((other) => other !== revision && other.branchLabels.length > 0 && other.stream === 'trunk');
    if (labelled) revision.dependsOn.push(labelled.branchLabels[0]);
  }
}

function newId(index, random, usedIds) {
  let id;
  do {
    id = random.chance(0.1) ? `${random.pick(WORDS)}${String(index).padStart(4, '0')}` : random.hex(12);
  } while (usedIds.has(id));
  usedIds.add(id);
  return id;
}

function createDate(index, random) {
  const start = Date.UTC(2019, 0, 2, 9, 0, 0);
  const when = new Date(start + index * 3 * 3600 * 1000 + random.int(0, 3600 * 1000 - 1));
  const micros = String(random.int(0, 999999)).padStart(6, '0');
  return `${when.toISOString().slice(0, 19).replace('T', ' ')}.${micros}`;
}
