// Package openapi embeds the OpenAPI (Swagger 2.0) document of the node's
// REST routes, docs/openapi/openapi.yaml, which scripts/openapigen.sh
// generates from the protos (make proto-gen); the node serves it at
// /swagger/ when api.swagger is true (app/swagger.go).
package openapi

import (
	_ "embed"

	"sigs.k8s.io/yaml"
)

// YAML is the committed document.
//
//go:embed openapi.yaml
var YAML []byte

// JSON returns the document as JSON (keys sorted), for clients that do
// not read YAML.
func JSON() ([]byte, error) { return yaml.YAMLToJSON(YAML) }
