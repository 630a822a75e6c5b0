CREATE TABLE authors (
    id         bigserial PRIMARY KEY,
    handle     varchar(40)  NOT NULL UNIQUE,
    full_name  varchar(200) NOT NULL,
    created_at timestamptz  NOT NULL DEFAULT now()
);
