-- Dashboard users (issue 3). Passwords are hashed (werkzeug scrypt/pbkdf2).
CREATE TABLE IF NOT EXISTS app_user (
    user_name     VARCHAR PRIMARY KEY,
    password_hash VARCHAR NOT NULL,
    role          VARCHAR NOT NULL CHECK (role IN ('analyst', 'reviewer', 'admin')),
    kode_kab      VARCHAR,                  -- analysts: their kabupaten
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
