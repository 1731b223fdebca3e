-- Geography hierarchy provinsi -> kabupaten -> kecamatan -> desa, Kemendagri dotted codes.
-- Geometry is stored as WKB (full) and GeoJSON text (simplified, for maps); DuckDB's spatial
-- extension is not available offline, so geometry work happens in shapely/geopandas.
CREATE TABLE IF NOT EXISTS provinsi (
    kode_prov VARCHAR PRIMARY KEY,          -- '61'
    nama      VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS kabupaten (
    kode_kab     VARCHAR PRIMARY KEY,       -- '61.05'
    kode_prov    VARCHAR NOT NULL,
    nama         VARCHAR NOT NULL,          -- 'Kabupaten Sintang'
    jenis        VARCHAR,                   -- 'kabupaten' | 'kota'
    geom_simple  VARCHAR,                   -- GeoJSON geometry, simplified for maps (NULL when unknown)
    centroid_lon DOUBLE,
    centroid_lat DOUBLE
);

CREATE TABLE IF NOT EXISTS kecamatan (
    kode_kec    VARCHAR PRIMARY KEY,        -- '61.05.01'
    kode_kab    VARCHAR NOT NULL,
    nama        VARCHAR NOT NULL,
    geom_simple VARCHAR                     -- GeoJSON geometry (dissolved from desa), simplified
);

CREATE TABLE IF NOT EXISTS desa (
    kode_desa    VARCHAR PRIMARY KEY,       -- '61.05.01.2001'
    kode_kec     VARCHAR NOT NULL,
    kode_kab     VARCHAR NOT NULL,
    kode_prov    VARCHAR NOT NULL,
    nama         VARCHAR NOT NULL,
    nama_norm    VARCHAR NOT NULL,          -- normalised name for matching (etl.names.normalise_desa_name)
    jenis        VARCHAR NOT NULL,          -- 'desa' | 'kelurahan' (leading 2 / 1 of the last segment)
    geom_wkb     BLOB,                      -- full geometry, WGS84
    geom_simple  VARCHAR,                   -- GeoJSON geometry simplified for maps
    centroid_lon DOUBLE,
    centroid_lat DOUBLE,
    area_km2     DOUBLE
);
CREATE INDEX IF NOT EXISTS desa_kab_idx ON desa (kode_kab);
