-- Module catalog, part 2: the catalogue's search index. One row per content item that has a published
-- version (its text, filter fields and the card the catalogue lists), written by catalog_search_index when
-- a version is published or retired. Full-text search differs per backend: SQLite keeps an FTS5 table in
-- step by triggers; PostgreSQL a generated tsvector column with a GIN index. Times are epoch ms.

CREATE TABLE catalog_index (
  content_id @BIGINT@ PRIMARY KEY REFERENCES contents (id),
  version_id @BIGINT@ NOT NULL REFERENCES content_versions (id),
  kind TEXT NOT NULL,
  provider_id @BIGINT@ NOT NULL REFERENCES organisations (id),
  title_en TEXT NOT NULL,
  title_hi TEXT,
  description_en TEXT,
  description_hi TEXT,
  keywords TEXT,
  -- languages and service groups as flags: filters and facet counts are sums, no string matching
  lang_en @BIGINT@ NOT NULL,
  lang_hi @BIGINT@ NOT NULL,
  group_a @BIGINT@ NOT NULL,
  group_b @BIGINT@ NOT NULL,
  group_c @BIGINT@ NOT NULL,
  duration_minutes @BIGINT@,
  published_at @BIGINT@ NOT NULL,
  rating_x100 @BIGINT@ NOT NULL DEFAULT 0,  -- average stars times 100 (ratings come with the learning issue)
  rating_count @BIGINT@ NOT NULL DEFAULT 0,
  enrolments @BIGINT@ NOT NULL DEFAULT 0,   -- for sort=popular (enrolments come with the learning issue)
  card TEXT NOT NULL,                       -- the item as the catalogue lists it (JSON), without its rating
  -- what the facet counts read in one pass over the matches, without joins: the provider's names, and
  -- the competencies as "id:area:level;..." with their names beside them (JSON [[code, name, name_hi], ...])
  provider_code TEXT NOT NULL,
  provider_name TEXT NOT NULL,
  provider_name_hi TEXT,
  comps TEXT NOT NULL,
  comp_names TEXT NOT NULL
);
CREATE INDEX catalog_index_newest ON catalog_index (published_at, content_id);
CREATE INDEX catalog_index_kind ON catalog_index (kind, published_at);
CREATE INDEX catalog_index_provider ON catalog_index (provider_id, published_at);

-- The competencies an indexed item addresses, with their area, for the competency, area and level filters.
CREATE TABLE catalog_index_competencies (
  content_id @BIGINT@ NOT NULL REFERENCES catalog_index (content_id),
  competency_id @BIGINT@ NOT NULL REFERENCES competencies (id),
  area TEXT NOT NULL,
  level @BIGINT@ NOT NULL,
  PRIMARY KEY (content_id, competency_id)
);
CREATE INDEX catalog_index_competencies_competency ON catalog_index_competencies (competency_id, level, content_id);
CREATE INDEX catalog_index_competencies_area ON catalog_index_competencies (area, level, content_id);

-- Bumped by every change to the index rows (in the same transaction), so a process may keep answers to
-- searches while the generation it read them under is still the current one.
CREATE TABLE catalog_index_state (
  id @BIGINT@ PRIMARY KEY CHECK (id = 1),
  generation @BIGINT@ NOT NULL
);
INSERT INTO catalog_index_state (id, generation) VALUES (1, 0);

-- SQLite: unicode61 splits Devanagari words at vowel signs and the virama unless those marks are token
-- characters (U+0900-0903, U+093A-094F, U+0951-0957, U+0962-0963, written below as the characters
-- themselves); see DESIGN.md, Known traps.
@SQLITE@
CREATE VIRTUAL TABLE catalog_fts USING fts5(
  title_en, title_hi, keywords, description_en, description_hi,
  content = 'catalog_index', content_rowid = 'content_id',
  tokenize = "unicode61 remove_diacritics 0 tokenchars 'ऀँंःऺऻ़ऽािीुूृॄॅॆेैॉॊोौ्ॎॏ॒॑॓॔ॕॖॗॢॣ'"
);
CREATE TRIGGER catalog_index_fts_insert AFTER INSERT ON catalog_index BEGIN
  INSERT INTO catalog_fts (rowid, title_en, title_hi, keywords, description_en, description_hi)
  VALUES (new.content_id, new.title_en, new.title_hi, new.keywords, new.description_en, new.description_hi);
END;
CREATE TRIGGER catalog_index_fts_delete AFTER DELETE ON catalog_index BEGIN
  INSERT INTO catalog_fts (catalog_fts, rowid, title_en, title_hi, keywords, description_en, description_hi)
  VALUES ('delete', old.content_id, old.title_en, old.title_hi, old.keywords, old.description_en,
          old.description_hi);
END;
CREATE TRIGGER catalog_index_fts_update
AFTER UPDATE OF title_en, title_hi, keywords, description_en, description_hi ON catalog_index BEGIN
  INSERT INTO catalog_fts (catalog_fts, rowid, title_en, title_hi, keywords, description_en, description_hi)
  VALUES ('delete', old.content_id, old.title_en, old.title_hi, old.keywords, old.description_en,
          old.description_hi);
  INSERT INTO catalog_fts (rowid, title_en, title_hi, keywords, description_en, description_hi)
  VALUES (new.content_id, new.title_en, new.title_hi, new.keywords, new.description_en, new.description_hi);
END;
@END@

-- PostgreSQL: the simple configuration keeps Devanagari words whole on a UTF-8 locale; titles weigh most.
@POSTGRES@
ALTER TABLE catalog_index ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('simple', coalesce(title_en, '') || ' ' || coalesce(title_hi, '')), 'A') ||
  setweight(to_tsvector('simple', coalesce(keywords, '')), 'B') ||
  setweight(to_tsvector('simple', coalesce(description_en, '') || ' ' || coalesce(description_hi, '')), 'C')
) STORED;
CREATE INDEX catalog_index_search ON catalog_index USING GIN (search);
@END@
