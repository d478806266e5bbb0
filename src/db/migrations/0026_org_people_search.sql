-- Module org: the words officials are found by in a picker (src/org/find.c): the words of their name in
-- English and Hindi, of their email before the @ and of their employee code. Only an accelerator: find.c
-- checks every candidate against the words itself, so the two backends answer alike. Full-text search differs
-- per backend: SQLite keeps a contentless FTS5 table in step by triggers, with prefix indexes of 2 and 4
-- characters (code series such as RLY00... would otherwise make short prefixes merge a million terms; all of
-- 1 to 5 cost twice the time when onboarding); PostgreSQL a GIN index on the same text, whose separators
-- become spaces first (its parser would otherwise keep "a.b" or "x/y" whole).

@SQLITE@
CREATE VIRTUAL TABLE officials_words USING fts5(
  words, content = '', prefix = '2 4',
  tokenize = "unicode61 remove_diacritics 0 tokenchars 'ऀँंःऺऻ़ऽािीुूृॄॅॆेैॉॊोौ्ॎॏ॒॑॓॔ॕॖॗॢॣ'"
);
INSERT INTO officials_words (rowid, words)
  SELECT id, name_en || ' ' || COALESCE(name_hi, '') || ' ' || SUBSTR(email, 1, INSTR(email, '@') - 1) || ' ' ||
             employee_code FROM officials;
CREATE TRIGGER officials_words_insert AFTER INSERT ON officials BEGIN
  INSERT INTO officials_words (rowid, words)
  VALUES (new.id, new.name_en || ' ' || COALESCE(new.name_hi, '') || ' ' ||
                  SUBSTR(new.email, 1, INSTR(new.email, '@') - 1) || ' ' || new.employee_code);
END;
CREATE TRIGGER officials_words_delete AFTER DELETE ON officials BEGIN
  INSERT INTO officials_words (officials_words, rowid, words)
  VALUES ('delete', old.id, old.name_en || ' ' || COALESCE(old.name_hi, '') || ' ' ||
                            SUBSTR(old.email, 1, INSTR(old.email, '@') - 1) || ' ' || old.employee_code);
END;
CREATE TRIGGER officials_words_update AFTER UPDATE OF name_en, name_hi, email, employee_code ON officials BEGIN
  INSERT INTO officials_words (officials_words, rowid, words)
  VALUES ('delete', old.id, old.name_en || ' ' || COALESCE(old.name_hi, '') || ' ' ||
                            SUBSTR(old.email, 1, INSTR(old.email, '@') - 1) || ' ' || old.employee_code);
  INSERT INTO officials_words (rowid, words)
  VALUES (new.id, new.name_en || ' ' || COALESCE(new.name_hi, '') || ' ' ||
                  SUBSTR(new.email, 1, INSTR(new.email, '@') - 1) || ' ' || new.employee_code);
END;
@END@

@POSTGRES@
CREATE INDEX officials_words ON officials USING GIN (to_tsvector('simple', TRANSLATE(LOWER(
  name_en || ' ' || COALESCE(name_hi, '') || ' ' || SPLIT_PART(email, '@', 1) || ' ' || employee_code),
  '.-_/'',()', '        ')));
@END@
