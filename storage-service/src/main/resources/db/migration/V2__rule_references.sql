-- The rules that produced each price (e.g. hashmap@42/mapping/<id>), for GET /v1/rating/explain.
ALTER TABLE storage.rated_point ADD COLUMN rules text[] NOT NULL DEFAULT '{}';
