CREATE TABLE identities (
    id               CHAR(36)     NOT NULL,
    schema_id        VARCHAR(64)  NOT NULL,
    state            VARCHAR(16)  NOT NULL DEFAULT 'active',
    created_at       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id)
);
