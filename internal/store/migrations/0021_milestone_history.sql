-- Issue 14 §4: a tertial report shows every milestone as it stood at the
-- end of that tertial, so a milestone keeps the history of its status: one
-- row when it is added and one for each change of its status or date, with
-- when and by whom (the audit log keeps the rest). Milestones from before
-- this migration get one row without a time (changed_at ''): their status
-- as it is, standing for every moment before, since nothing else is known.
CREATE TABLE milestone_history (
    id           {{ID}},
    milestone_id BIGINT NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    changed_at   TEXT NOT NULL,
    actor        TEXT NOT NULL
);
CREATE INDEX milestone_history_milestone ON milestone_history(milestone_id, changed_at);

INSERT INTO milestone_history (milestone_id, status, due_on, changed_at, actor)
SELECT id, status, due_on, '', actor FROM milestones;
