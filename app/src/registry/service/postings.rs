//! The name search's index, `name_posting` (token, organization, positions),
//! and the search that reads it.
//!
//! Every write that sets a name or a code writes its postings in the same
//! transaction ([`index_org`], [`reindex_name`], [`write_postings`] for the
//! import's batches). A search reads each token's organizations in descending
//! id, in growing keyset batches of one row each (the batch's ids and
//! positions as one text: a row per posting costs more than the posting),
//! intersects the tokens in Rust, decides from the positions whether the
//! query stands in the name, and reads the organizations only to check what
//! the positions cannot tell and the other filters; it stops once it has as
//! many matches as the caller needs. The cost follows the matches needed, not
//! the planner's estimate of how often tokens occur together.

use std::collections::HashMap;

use super::*;

/// Postings per `INSERT` (3 values each, under SQLite's 32,766 parameters).
const POSTING_BULK: usize = 5000;

/// The first and the largest keyset batch of one token's postings.
const FIRST_BATCH: usize = 4096;
const MIN_BATCH: usize = 64;
const MAX_BATCH: usize = 32768;

/// Candidates whose organization is read at once (to check the name or the filters).
const FIRST_CHECK: usize = 64;
const MAX_CHECK: usize = 8192;

/// Writes postings (token, organization, positions).
pub async fn write_postings<C: ConnectionTrait>(db: &C, rows: Vec<(String, i64, i64)>) -> Result<(), DbErr> {
    for chunk in rows.chunks(POSTING_BULK) {
        let mut vals: Vec<Value> = Vec::with_capacity(chunk.len() * 3);
        for (token, id, pos) in chunk {
            vals.extend([Value::from(token.clone()), (*id).into(), (*pos).into()]);
        }
        let sql = format!(
            "INSERT INTO name_posting (token, org_id, pos) VALUES {}",
            vec!["(?, ?, ?)"; chunk.len()].join(", ")
        );
        db::exec(db, &sql, vals).await?;
    }
    Ok(())
}

/// Indexes a new organization's name and code.
pub async fn index_org<C: ConnectionTrait>(db: &C, id: i64, name: &str, code: &str) -> Result<(), DbErr> {
    write_postings(db, search::postings(name, code).into_iter().map(|(t, p)| (t, id, p)).collect()).await
}

/// Replaces the name postings of organization `id`, renamed from `old` to `new`.
pub async fn reindex_name<C: ConnectionTrait>(db: &C, id: i64, old: &str, new: &str) -> Result<(), DbErr> {
    let old: Vec<Value> = search::name_postings(old).into_iter().map(|(t, _)| Value::from(t)).collect();
    for chunk in old.chunks(1000) {
        let sql = format!("DELETE FROM name_posting WHERE org_id = ? AND token IN ({})", db::marks(chunk.len()));
        let mut vals = vec![Value::from(id)];
        vals.extend(chunk.iter().cloned());
        db::exec(db, &sql, vals).await?;
    }
    write_postings(db, search::name_postings(new).into_iter().map(|(t, p)| (t, id, p)).collect()).await
}

/// One token's postings in descending organization id, read in batches.
struct Postings {
    token: String,
    /// The current batch, descending; `at` is the first not passed.
    buf: Vec<(i64, i64)>,
    at: usize,
    /// No posting below the current batch.
    done: bool,
    batch: usize,
    /// Postings read, the first id read and the lowest: how dense the token is.
    read: usize,
    top: Option<i64>,
    floor: i64,
}

impl Postings {
    fn new(token: String, first_batch: usize) -> Postings {
        Postings {
            token,
            buf: Vec::new(),
            at: 0,
            done: false,
            batch: first_batch.clamp(MIN_BATCH, MAX_BATCH),
            read: 0,
            top: None,
            floor: i64::MAX,
        }
    }

    /// Postings known in advance (all of them), in any order.
    fn fixed(mut ids: Vec<i64>) -> Postings {
        ids.sort_unstable_by_key(|id| std::cmp::Reverse(*id));
        ids.dedup();
        let mut p = Postings::new(String::new(), MIN_BATCH);
        p.read = ids.len();
        p.top = ids.first().copied();
        p.floor = ids.last().copied().unwrap_or(i64::MAX);
        p.buf = ids.into_iter().map(|id| (id, 0)).collect();
        p.done = true;
        p
    }

    /// Postings per organization id, over the ids read so far (over every
    /// id once the token is read to its end).
    fn density(&self) -> f64 {
        let Some(top) = self.top else { return 0.0 };
        let span = if self.done { top.max(1) } else { (top - self.floor + 1).max(1) };
        self.read as f64 / span as f64
    }

    /// The first posting at or below organization `x`. `down_to`: the
    /// lowest id the caller expects to seek soon (a batch read then covers
    /// it, as far as the token's density tells), or `None` to read on in
    /// growing batches.
    async fn seek<C: ConnectionTrait>(
        &mut self,
        db: &C,
        x: i64,
        down_to: Option<i64>,
    ) -> Result<Option<(i64, i64)>, DbErr> {
        loop {
            self.at += self.buf[self.at..].partition_point(|(id, _)| *id > x);
            if let Some(p) = self.buf.get(self.at) {
                return Ok(Some(*p));
            }
            if self.done {
                return Ok(None);
            }
            match (down_to, self.top) {
                (Some(lo), Some(_)) => {
                    let expected = self.density() * (x - lo + 1).max(0) as f64;
                    self.batch = ((expected * 1.25) as usize + MIN_BATCH).clamp(MIN_BATCH, MAX_BATCH);
                }
                (_, Some(_)) => self.batch = (self.batch * 2).min(MAX_BATCH),
                _ => {}
            }
            self.buf = read_batch(db, &self.token, x, self.batch).await?;
            self.at = 0;
            self.done = self.buf.len() < self.batch;
            self.read += self.buf.len();
            if let Some((first, _)) = self.buf.first() {
                self.top.get_or_insert(*first);
            }
            if let Some((last, _)) = self.buf.last() {
                self.floor = *last;
            }
            if self.top.is_none() {
                // Nothing at all: an empty list is done.
                self.top = Some(x.min(i64::MAX - 1));
            }
        }
    }

    /// Which of `ids` hold this token, with their positions.
    async fn probe<C: ConnectionTrait>(&self, db: &C, ids: &[i64]) -> Result<HashMap<i64, i64>, DbErr> {
        let (sql, vals) = probe_statement(db.get_database_backend(), &self.token, ids);
        Ok(parse_list(db, &sql, vals).await?.into_iter().collect())
    }
}

/// The statement that finds which of `ids` hold `token`, with their
/// positions (one `list` of `id:pos`).
///
/// PostgreSQL gets the ids as one text, unnested and joined on the key: a
/// statement it has run a few times gets a generic plan, which for
/// `org_id IN (…)` reads every posting of the token and compares each with
/// every id (seconds for a common token); the join looks each id up whatever
/// the plan. (Public for the test of that plan.)
pub fn probe_statement(backend: DbBackend, token: &str, ids: &[i64]) -> (String, Vec<Value>) {
    if backend == DbBackend::Postgres {
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        (
            "SELECT string_agg(CAST(p.org_id AS TEXT) || ':' || CAST(p.pos AS TEXT), ',') AS list \
             FROM unnest(string_to_array(?, ',')::bigint[]) AS c(id) \
             JOIN name_posting p ON p.token = ? AND p.org_id = c.id"
                .to_string(),
            vec![Value::from(list), token.into()],
        )
    } else {
        let mut vals: Vec<Value> = vec![token.into()];
        vals.extend(ids.iter().map(|id| Value::from(*id)));
        let sql = format!(
            "SELECT string_agg(CAST(org_id AS TEXT) || ':' || CAST(pos AS TEXT), ',') AS list FROM name_posting \
             WHERE token = ? AND org_id IN ({})",
            db::marks(ids.len())
        );
        (sql, vals)
    }
}

/// At most `limit` postings of `token` at or below organization `x`, descending.
async fn read_batch<C: ConnectionTrait>(db: &C, token: &str, x: i64, limit: usize) -> Result<Vec<(i64, i64)>, DbErr> {
    let sql = format!(
        "SELECT string_agg(CAST(org_id AS TEXT) || ':' || CAST(pos AS TEXT), ',') AS list FROM \
         (SELECT org_id, pos FROM name_posting WHERE token = ? AND org_id <= ? ORDER BY org_id DESC LIMIT {limit}) t"
    );
    let mut out = parse_list(db, &sql, vec![token.into(), x.into()]).await?;
    out.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
    Ok(out)
}

/// The postings a `string_agg` of `id:pos` returned.
async fn parse_list<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<(i64, i64)>, DbErr> {
    let row = db.query_one_raw(db::stmt(db.get_database_backend(), sql, vals)).await?;
    let list: Option<String> = row.map(|r| r.try_get("", "list")).transpose()?.flatten();
    let list = list.unwrap_or_default();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(list.len() / 8);
    for item in list.split(',').filter(|s| !s.is_empty()) {
        let parsed = item.split_once(':').and_then(|(id, pos)| Some((id.parse().ok()?, pos.parse().ok()?)));
        out.push(parsed.ok_or_else(|| DbErr::Custom(format!("name_posting: unreadable {item:?}")))?);
    }
    Ok(out)
}

/// How much denser than the driving token another token must be to be
/// probed for each candidate instead of read along.
const PROBE_RATIO: f64 = 3.0;

/// The organizations holding every token of a name query, descending, with
/// whether the positions show the query in the name (`false`: read the name).
///
/// The sparsest token drives: its postings are taken a chunk at a time; each
/// other token, sparsest first, keeps the chunk's candidates it holds, read
/// along the same ids when it is about as dense, or probed by key for the
/// candidates left when it is much denser.
struct Names {
    q: search::NameQuery,
    lists: Vec<Postings>,
    /// The lists by density, sparsest first (after the first batches).
    order: Vec<usize>,
    /// The next chunk starts at or below this id.
    below: i64,
    done: bool,
    ready: std::collections::VecDeque<(i64, bool)>,
    chunk: usize,
}

impl Names {
    fn new(q: search::NameQuery, first_batch: usize) -> Names {
        let lists = q.tokens.iter().map(|(t, _)| Postings::new(t.clone(), first_batch)).collect();
        Names {
            q,
            lists,
            order: Vec::new(),
            below: i64::MAX,
            done: false,
            ready: Default::default(),
            chunk: first_batch.clamp(MIN_BATCH, 1024),
        }
    }

    async fn next<C: ConnectionTrait>(&mut self, db: &C) -> Result<Option<(i64, bool)>, DbErr> {
        loop {
            if let Some(c) = self.ready.pop_front() {
                return Ok(Some(c));
            }
            if self.done {
                return Ok(None);
            }
            self.fill(db).await?;
        }
    }

    async fn fill<C: ConnectionTrait>(&mut self, db: &C) -> Result<(), DbErr> {
        let k = self.lists.len();
        if self.order.is_empty() {
            for list in &mut self.lists {
                list.seek(db, i64::MAX, None).await?;
            }
            self.order = (0..k).collect();
            self.order.sort_by(|a, b| self.lists[*a].density().total_cmp(&self.lists[*b].density()));
        }
        let d = self.order[0];
        // A chunk of the driving token's postings.
        let mut chunk: Vec<(i64, Vec<i64>)> = Vec::with_capacity(self.chunk);
        while chunk.len() < self.chunk {
            match self.lists[d].seek(db, self.below, None).await? {
                Some((id, pos)) => {
                    let mut masks = vec![0i64; k];
                    masks[d] = pos;
                    chunk.push((id, masks));
                    self.below = id - 1;
                }
                None => {
                    self.done = true;
                    break;
                }
            }
        }
        self.chunk = (self.chunk * 2).min(8192);
        let driver_density = self.lists[d].density();
        for &l in &self.order[1..] {
            let Some(lo) = chunk.last().map(|c| c.0) else { break };
            let list = &mut self.lists[l];
            if list.density() > PROBE_RATIO * driver_density {
                let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
                let mut found = HashMap::new();
                for part in ids.chunks(2000) {
                    found.extend(list.probe(db, part).await?);
                }
                chunk.retain_mut(|(id, masks)| match found.get(&*id) {
                    Some(pos) => {
                        masks[l] = *pos;
                        true
                    }
                    None => false,
                });
            } else {
                let mut kept = Vec::with_capacity(chunk.len());
                for (id, mut masks) in std::mem::take(&mut chunk) {
                    if let Some((at, pos)) = list.seek(db, id, Some(lo)).await? {
                        if at == id {
                            masks[l] = pos;
                            kept.push((id, masks));
                        }
                    } else {
                        break;
                    }
                }
                chunk = kept;
            }
        }
        for (id, masks) in chunk {
            match self.q.matches(&masks) {
                Some(true) => self.ready.push_back((id, true)),
                Some(false) => {}
                None => self.ready.push_back((id, false)),
            }
        }
        Ok(())
    }
}

/// The conditions of a filtered list other than the name query.
pub(super) fn conditions(f: &OrgFilter) -> (Vec<String>, Vec<Value>) {
    let mut conds: Vec<String> = Vec::new();
    let mut vals: Vec<Value> = Vec::new();
    for (col, v) in [("o.org_type", &f.org_type), ("o.district", &f.district), ("o.status", &f.status)] {
        if !v.trim().is_empty() {
            conds.push(format!("{col} = ?"));
            vals.push(v.trim().to_string().into());
        }
    }
    match f.supervisory.trim() {
        "" => {}
        // The page's values are a unit's name or `__direct`; the open data API's are `yes` and `no`.
        "__direct" | "no" => conds.push("o.supervisory_unit IS NULL".into()),
        "yes" => conds.push("o.supervisory_unit IS NOT NULL".into()),
        s => {
            conds.push("o.supervisory_unit = ?".into());
            vals.push(s.to_string().into());
        }
    }
    match f.trade.trim() {
        "" => {}
        "yes" => conds.push("o.trade_sector IS NOT NULL".into()),
        "no" => conds.push("o.trade_sector IS NULL".into()),
        s => {
            conds.push("o.trade_sector = ?".into());
            vals.push(s.to_ascii_uppercase().into());
        }
    }
    (conds, vals)
}

/// The SQL test that an organization's name (`alias.name`) contains `?`.
pub(super) fn name_contains(backend: DbBackend, alias: &str) -> String {
    if backend == DbBackend::Postgres {
        format!("strpos(lower({alias}.name), ?) > 0")
    } else {
        format!("instr(lower({alias}.name), ?) > 0")
    }
}

/// The first `need` organizations of the filter's name query (`q`: a name
/// part, or a code prefix or name part) in descending id, each checked
/// against the other filters: `None` when `q` holds no letter or digit.
pub(super) async fn matching_ids<C: ConnectionTrait>(
    db: &C,
    f: &OrgFilter,
    need: usize,
) -> Result<Option<Vec<i64>>, DbErr> {
    let backend = db.get_database_backend();
    let q = crate::domain::input::query(&f.q);
    let Some(nq) = search::NameQuery::parse(&q) else {
        return Ok(None);
    };
    let text = nq.text.clone();
    let (conds, cond_vals) = conditions(f);
    let first_batch = need.min(FIRST_BATCH);
    let mut names = Names::new(nq, first_batch);
    // A code prefix: its token, or for a long one the range of the code's index.
    let mut codes = if search::looks_like_code(&q) {
        let prefix = q.to_ascii_uppercase();
        Some(match search::code_token(&prefix) {
            Some(t) => Postings::new(t, first_batch),
            None => {
                let collate = if backend == DbBackend::Postgres { " COLLATE \"C\"" } else { "" };
                let sql =
                    format!("SELECT id FROM organization WHERE credit_code{collate} >= ? AND credit_code{collate} < ?");
                let rows = db
                    .query_all_raw(db::stmt(backend, &sql, vec![prefix.clone().into(), format!("{prefix}~").into()]))
                    .await?;
                Postings::fixed(rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?)
            }
        })
    } else {
        None
    };

    let mut out: Vec<i64> = Vec::new();
    let mut pending: Vec<(i64, bool)> = Vec::new();
    let mut check = FIRST_CHECK;
    let mut name_head = names.next(db).await?;
    let mut code_head = match codes.as_mut() {
        Some(c) => c.seek(db, i64::MAX, None).await?.map(|p| p.0),
        None => None,
    };
    loop {
        // The next candidate of the union, descending (a code match needs no name check).
        let next = match (name_head, code_head) {
            (None, None) => None,
            (Some((n, sure)), c) if c.is_none_or(|c| n > c) => {
                name_head = names.next(db).await?;
                Some((n, sure))
            }
            (n, Some(c)) => {
                if n.is_some_and(|(n, _)| n == c) {
                    name_head = names.next(db).await?;
                }
                code_head = match codes.as_mut() {
                    Some(list) if c > i64::MIN => list.seek(db, c - 1, None).await?.map(|p| p.0),
                    _ => None,
                };
                Some((c, true))
            }
            (Some(_), None) => unreachable!("covered above"),
        };
        match next {
            Some((id, true)) if conds.is_empty() && pending.is_empty() => out.push(id),
            Some(candidate) => pending.push(candidate),
            None => {}
        }
        if pending.len() >= check || (next.is_none() && !pending.is_empty()) {
            let ids: Vec<Value> = pending.iter().map(|(id, _)| Value::from(*id)).collect();
            let sure: Vec<Value> = pending.iter().filter(|(_, s)| *s).map(|(id, _)| Value::from(*id)).collect();
            let mut sql = format!("SELECT o.id AS id FROM organization o WHERE o.id IN ({})", db::marks(ids.len()));
            let mut vals = ids;
            if sure.len() < pending.len() {
                let contains = name_contains(backend, "o");
                if sure.is_empty() {
                    sql.push_str(&format!(" AND {contains}"));
                } else {
                    sql.push_str(&format!(" AND (o.id IN ({}) OR {contains})", db::marks(sure.len())));
                    vals.extend(sure);
                }
                vals.push(text.clone().into());
            }
            for c in &conds {
                sql.push_str(" AND ");
                sql.push_str(c);
            }
            vals.extend(cond_vals.iter().cloned());
            let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
            let passed: std::collections::HashSet<i64> =
                rows.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?;
            out.extend(pending.drain(..).map(|(id, _)| id).filter(|id| passed.contains(id)));
            check = (check * 2).min(MAX_CHECK);
        }
        if out.len() >= need || (next.is_none() && pending.is_empty()) {
            out.truncate(need);
            return Ok(Some(out));
        }
    }
}
