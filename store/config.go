package store

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"skranke/app"
)

type siteRecord struct {
	V int `json:"v"`
	app.Site
}

// LoadSite returns the stored site configuration, and false when none is stored yet.
func (s *Store) LoadSite(ctx context.Context) (app.Site, bool, error) {
	var rec siteRecord
	var found bool
	err := s.view(func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketConfig).Get(keySite)
		if data == nil {
			return nil
		}
		found = true
		if err := json.Unmarshal(data, &rec); err != nil {
			return app.Errorf(app.EConfig, "stored site configuration: %v", err)
		}
		return nil
	})
	return rec.Site, found, err
}

// SaveSite validates and stores the site configuration.
func (s *Store) SaveSite(ctx context.Context, site app.Site) error {
	if err := site.Validate(); err != nil {
		return err
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put([]byte("site_id"), []byte(site.ID)); err != nil {
			return err
		}
		return putJSON(tx.Bucket(bucketConfig), keySite, siteRecord{recordVersion, site})
	})
}

// SiteOrDefault returns the stored site, or stores and returns app.DefaultSite when
// there is none, so a new data directory needs no set-up.
func (s *Store) SiteOrDefault(ctx context.Context) (app.Site, error) {
	site, found, err := s.LoadSite(ctx)
	if err != nil || found {
		if err == nil {
			err = site.Validate()
		}
		if err != nil {
			return app.Site{}, fmt.Errorf("site configuration in %s: %w", s.path, err)
		}
		return site, nil
	}
	site = app.DefaultSite()
	if err := s.SaveSite(ctx, site); err != nil {
		return app.Site{}, err
	}
	return site, nil
}
