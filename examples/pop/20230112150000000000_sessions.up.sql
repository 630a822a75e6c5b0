CREATE TABLE sessions (
    id               CHAR(36)     NOT NULL,
    identity_id      CHAR(36)     NOT NULL,
    authenticated_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at       TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP,
    active           BOOLEAN      NOT NULL DEFAULT TRUE,
    PRIMARY KEY (id),
    FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE
);
