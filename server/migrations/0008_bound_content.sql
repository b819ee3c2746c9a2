-- Parsed content is now bounded (src/markdown/bounds.ts: 1,000 nodes, 32 KiB of JSON); content stored
-- before that may be far larger (200 KB from 10,000 characters). Clearing it makes the server parse the
-- body again when it reads the comment or event (and the parser applies the bound). `"type": ` occurs
-- once per node in jsonb's text form (inside strings a quote is escaped), so it counts the nodes; jsonb's
-- text is a little longer than JSON.stringify's, so borderline content is re-parsed too, which is harmless.
UPDATE comments SET content = NULL
 WHERE content IS NOT NULL
   AND (octet_length(content::text) > 32768
        OR (length(content::text) - length(replace(content::text, '"type": ', ''))) / 8 > 1000);

UPDATE events SET payload = payload #- '{comment,content}'
 WHERE payload ? 'comment'
   AND (octet_length((payload -> 'comment' -> 'content')::text) > 32768
        OR (length((payload -> 'comment' -> 'content')::text)
            - length(replace((payload -> 'comment' -> 'content')::text, '"type": ', ''))) / 8 > 1000);
