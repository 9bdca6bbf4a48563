-- A Person first seen in a mail after its user account was registered with
-- the same email was left unlinked, so the account could not edit its own
-- patches; link them as new mail now does (src/db/people.ts upsertPerson).
UPDATE people
SET user_id = (SELECT u.id FROM users u WHERE u.email = people.email COLLATE NOCASE ORDER BY u.id LIMIT 1)
WHERE user_id IS NULL
  AND EXISTS (SELECT 1 FROM users u WHERE u.email = people.email COLLATE NOCASE);
