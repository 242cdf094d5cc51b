-- 0007: a story's events by index: a partial run reads the stored events and stories it
-- touches by key (model.StoredEvents), not the whole events table.
CREATE INDEX events_story ON events(story_id);
