-- A deleted comment kept for its replies shows a score of 0; it now also sorts by it in "most voted",
-- as the widget does when it sorts a fully loaded list itself. Earlier deletes kept their score.
UPDATE comments SET score = 0 WHERE status = 'deleted' AND score <> 0;
