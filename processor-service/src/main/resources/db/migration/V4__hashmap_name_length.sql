-- Service, field and group names are any text CloudKitty stores in its String(255) columns: in any
-- language, with spaces and punctuation (io.ratekit.frames.Names). The API and the rules import
-- check the whole rule with a message that quotes the name; this keeps every writer to the
-- column size. char_length counts characters (code points), as CloudKitty's String(255) does.
ALTER TABLE rating.hashmap_service ADD CONSTRAINT hashmap_service_name_length CHECK (char_length(name) BETWEEN 1 AND 255);
ALTER TABLE rating.hashmap_field ADD CONSTRAINT hashmap_field_name_length CHECK (char_length(name) BETWEEN 1 AND 255);
ALTER TABLE rating.hashmap_group ADD CONSTRAINT hashmap_group_name_length CHECK (char_length(name) BETWEEN 1 AND 255);
