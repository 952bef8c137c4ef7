package e2e

import (
	"errors"
	"net/http"
	"testing"
)

// checkSwagger checks what a node's API server answers at /swagger/: the
// route page and the OpenAPI document with api.swagger = true (the
// localnet's setting), the gateway's 501 for an unknown path without it
// (the default the harness keeps).
func checkSwagger(t *testing.T, apiURL string, enabled bool) {
	t.Helper()
	var doc struct {
		Swagger string
		Info    struct{ Title string }
		Paths   map[string]any
	}
	err := getJSON(apiURL+"/swagger/openapi.json", &doc)
	if !enabled {
		var httpErr *HTTPError
		if !errors.As(err, &httpErr) || httpErr.Status != http.StatusNotImplemented {
			t.Fatalf("/swagger/openapi.json without api.swagger: want HTTP 501, got %v", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("/swagger/openapi.json: %v", err)
	}
	if doc.Swagger != "2.0" || doc.Info.Title != "AITBC REST API" || doc.Paths["/aitbc/dao/v1/params"] == nil {
		t.Fatalf("/swagger/openapi.json is not the document: swagger %q, title %q, %d paths", doc.Swagger, doc.Info.Title, len(doc.Paths))
	}
	resp, err := httpClient.Get(apiURL + "/swagger/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("/swagger/: HTTP %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}
