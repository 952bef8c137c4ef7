package app_test

import (
	"context"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"cosmossdk.io/log"
	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/libs/bytes"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"

	"github.com/aitbc/aitbc/docs/openapi"
	"github.com/aitbc/aitbc/testutil"
)

// appRPC answers the client's ABCI queries from the app itself, so the REST
// gateway of a test API server returns what a node's would.
type appRPC struct {
	client.CometRPC // every other call is unused and would panic
	ta              *testutil.TestApp
}

func (r appRPC) ABCIQueryWithOptions(ctx context.Context, path string, data bytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	res, err := r.ta.Query(ctx, &abci.RequestQuery{Path: path, Data: data, Height: opts.Height, Prove: opts.Prove})
	if err != nil {
		return nil, err
	}
	return &coretypes.ResultABCIQuery{Response: *res}, nil
}

// apiServer is the node's REST server for a test app, as server.Start
// wires it: the app's routes, then the gateway as the fallback of every path.
func apiServer(t *testing.T, ta *testutil.TestApp, swagger bool) (*httptest.Server, *api.Server) {
	t.Helper()
	clientCtx := client.Context{}.
		WithInterfaceRegistry(ta.InterfaceRegistry()).
		WithCodec(ta.AppCodec()).
		WithTxConfig(ta.TxConfig()).
		WithLegacyAmino(ta.LegacyAmino()).
		WithClient(appRPC{ta: ta})
	srv := api.New(clientCtx, log.NewNopLogger(), nil)
	ta.RegisterAPIRoutes(srv, config.APIConfig{Swagger: swagger})
	srv.Router.PathPrefix("/").Handler(srv.GRPCGatewayRouter)
	ts := httptest.NewServer(srv.Router)
	t.Cleanup(ts.Close)
	return ts, srv
}

func get(t *testing.T, url string) (int, http.Header, []byte) {
	t.Helper()
	res, err := http.Get(url)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, res.Header, body
}

// loadDocument parses and validates the document with kin-openapi, a
// generic OpenAPI library: as Swagger 2.0, then converted to OpenAPI 3.
func loadDocument(t *testing.T, raw []byte) *openapi3.T {
	t.Helper()
	var doc2 openapi2.T
	require.NoError(t, openapi2.UnmarshalFromData(raw, &doc2))
	require.Equal(t, "2.0", doc2.Swagger)
	doc3, err := openapi2conv.ToV3(&doc2)
	require.NoError(t, err)
	require.NoError(t, doc3.Validate(context.Background()))
	return doc3
}

func TestSwaggerServedOnlyWithFlag(t *testing.T) {
	ta := testutil.NewTestApp(t)

	off, _ := apiServer(t, ta, false)
	for _, path := range []string{"/swagger/", "/swagger/openapi.yaml", "/swagger/openapi.json"} {
		code, _, _ := get(t, off.URL+path)
		require.Equal(t, http.StatusNotImplemented, code, "%s without api.swagger: the gateway's answer to an unknown path", path)
	}

	on, _ := apiServer(t, ta, true)
	code, header, page := get(t, on.URL+"/swagger/")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "text/html; charset=utf-8", header.Get("Content-Type"))
	require.Contains(t, string(page), `href="openapi.yaml"`)
	require.Contains(t, string(page), "/aitbc/dao/v1/proposals/{proposal_id}")
	require.Contains(t, string(page), "/cosmos/gov/v1/proposals")
	require.NotRegexp(t, `(src|href)="?[a-z]+:`, string(page), "the page loads nothing from elsewhere")

	code, _, yml := get(t, on.URL+"/swagger/openapi.yaml")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, openapi.YAML, yml)
	fromYAML := loadDocument(t, yml)

	code, header, js := get(t, on.URL+"/swagger/openapi.json")
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "application/json", header.Get("Content-Type"))
	require.True(t, json.Valid(js))
	fromJSON := loadDocument(t, js)
	require.Equal(t, fromYAML.Paths.InMatchingOrder(), fromJSON.Paths.InMatchingOrder())

	// The page of every route is what the gateway's unknown paths are not.
	code, _, _ = get(t, on.URL+"/swagger/nothing")
	require.Equal(t, http.StatusNotImplemented, code)
}

type route struct{ method, path string }

func (r route) String() string { return r.method + " " + r.path }

var captureRe = regexp.MustCompile(`\{([^=}]+)=[^}]*\}`)

// normalize writes a gateway pattern ("/a/{id=*}") as an OpenAPI path ("/a/{id}").
func normalize(pattern string) string { return captureRe.ReplaceAllString(pattern, "{$1}") }

// servedRoutes lists the routes the gateway answers: grpc-gateway v1
// (pinned, frozen) has no accessor for them, so this reads its handler
// table. A pattern whose template equals an earlier one's never matches (the
// first registered wins) and is left out, as the document leaves it out.
func servedRoutes(t *testing.T, mux *runtime.ServeMux) map[route]bool {
	t.Helper()
	field := reflect.ValueOf(mux).Elem().FieldByName("handlers")
	require.True(t, field.IsValid(), "runtime.ServeMux has no handlers table")
	table := reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem()
	routes := map[route]bool{}
	for _, method := range table.MapKeys() {
		handlers := table.MapIndex(method)
		templates := map[string]bool{}
		for i := 0; i < handlers.Len(); i++ {
			pat := handlers.Index(i).FieldByName("pat") // slice elements are addressable
			p := reflect.NewAt(pat.Type(), unsafe.Pointer(pat.UnsafeAddr())).Elem().Interface().(runtime.Pattern)
			path := normalize(p.String())
			template := paramRe.ReplaceAllString(path, "{}")
			if templates[template] {
				t.Logf("%s %s is shadowed by an earlier pattern", method, path)
				continue
			}
			templates[template] = true
			routes[route{method.String(), path}] = true
		}
	}
	return routes
}

var paramRe = regexp.MustCompile(`\{[^}]*\}`)

// gwFileRoutes reads the routes a generated *.pb.gw.go file registers: the
// pattern literals it builds and the methods it handles them with.
func gwFileRoutes(t *testing.T, file string) []route {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	require.NoError(t, err)
	patterns := map[string]string{}
	var routes []route
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec: // pattern_Query_X_0 = runtime.MustPattern(runtime.NewPattern(1, ops, pool, verb, ...))
			if len(n.Names) != 1 || len(n.Values) != 1 || !strings.HasPrefix(n.Names[0].Name, "pattern_") {
				return true
			}
			np := n.Values[0].(*ast.CallExpr).Args[0].(*ast.CallExpr)
			var ops []int
			for _, e := range np.Args[1].(*ast.CompositeLit).Elts {
				v, err := strconv.Atoi(e.(*ast.BasicLit).Value)
				require.NoError(t, err)
				ops = append(ops, v)
			}
			var pool []string
			for _, e := range np.Args[2].(*ast.CompositeLit).Elts {
				s, err := strconv.Unquote(e.(*ast.BasicLit).Value)
				require.NoError(t, err)
				pool = append(pool, s)
			}
			verb, err := strconv.Unquote(np.Args[3].(*ast.BasicLit).Value)
			require.NoError(t, err)
			p, err := runtime.NewPattern(1, ops, pool, verb)
			require.NoError(t, err)
			patterns[n.Names[0].Name] = normalize(p.String())
		case *ast.CallExpr: // mux.Handle("GET", pattern_Query_X_0, ...) in Register*HandlerClient
			sel, ok := n.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Handle" || len(n.Args) != 3 {
				return true
			}
			method, ok := n.Args[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			m, err := strconv.Unquote(method.Value)
			require.NoError(t, err)
			routes = append(routes, route{m, n.Args[1].(*ast.Ident).Name})
		}
		return true
	})
	for i, r := range routes {
		path, ok := patterns[r.path]
		require.True(t, ok, "%s: no pattern %s", file, r.path)
		routes[i].path = path
	}
	require.NotEmpty(t, routes, file)
	return routes
}

func goListDir(t *testing.T, pkg string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", pkg).Output()
	require.NoError(t, err, pkg)
	return strings.TrimSpace(string(out))
}

func documentedRoutes(t *testing.T) map[route]bool {
	t.Helper()
	doc := loadDocument(t, openapi.YAML)
	routes := map[route]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			routes[route{method, path}] = true
		}
	}
	return routes
}

func sortedRoutes(m map[route]bool) []string {
	var out []string
	for r := range m {
		out = append(out, r.String())
	}
	sort.Strings(out)
	return out
}

// The document lists exactly what the gateway serves, plus the cosmos.gov
// routes, which the app serves from x/dao state: read from the generated
// gateway files, ours and the SDK's, not from a hand list.
func TestOpenAPIListsEveryGatewayRoute(t *testing.T) {
	ta := testutil.NewTestApp(t)
	_, srv := apiServer(t, ta, false)
	served := servedRoutes(t, srv.GRPCGatewayRouter)
	documented := documentedRoutes(t)

	files, err := filepath.Glob("../x/*/types/*.pb.gw.go")
	require.NoError(t, err)
	require.Len(t, files, 5, "one gateway file per aitbc module")
	for _, file := range files {
		for _, r := range gwFileRoutes(t, file) {
			require.True(t, served[r], "%s (%s) is not served", r, file)
			require.True(t, documented[r], "%s (%s) is not documented", r, file)
		}
	}

	want := map[route]bool{}
	for r := range served {
		want[r] = true
	}
	govRoutes := 0
	for _, pkg := range []string{"github.com/cosmos/cosmos-sdk/x/gov/types/v1", "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"} {
		gw, err := filepath.Glob(filepath.Join(goListDir(t, pkg), "*.pb.gw.go"))
		require.NoError(t, err)
		require.Len(t, gw, 1, pkg)
		for _, r := range gwFileRoutes(t, gw[0]) {
			require.Equal(t, http.MethodGet, r.method)
			want[r] = true
			govRoutes++
		}
	}
	require.Positive(t, govRoutes)
	require.Equal(t, sortedRoutes(want), sortedRoutes(documented))
}

// What the gateway answers matches the document's schemas: every GET route
// without path parameters, on a chain after genesis.
func TestOpenAPISchemasMatchGatewayAnswers(t *testing.T) {
	ta := testutil.NewTestApp(t)
	ts, _ := apiServer(t, ta, false)
	doc := loadDocument(t, openapi.YAML)
	checked := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		op := doc.Paths.Find(path).Get
		if op == nil || strings.Contains(path, "{") {
			continue
		}
		code, _, body := get(t, ts.URL+path)
		if code != http.StatusOK {
			// The CometBFT-backed routes (blocks, node info) need a node;
			// the app's own must answer.
			require.False(t, strings.HasPrefix(path, "/aitbc/"), "%s: %d %s", path, code, body)
			continue
		}
		var value any
		require.NoError(t, json.Unmarshal(body, &value), path)
		value = dropNulls(value)
		schema := op.Responses.Status(http.StatusOK).Value.Content.Get("application/json").Schema.Value
		require.NoError(t, schema.VisitJSON(value), "%s answered %s", path, body)
		checked++
	}
	t.Logf("%d routes answered as documented", checked)
	require.GreaterOrEqual(t, checked, 20)
}

// dropNulls removes null members: the gateway writes an unset message field
// as null, which Swagger 2.0 cannot declare (the document says so in its
// description), so a null counts as the field being absent.
func dropNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if e == nil {
				delete(v, k)
			} else {
				v[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = dropNulls(e)
		}
	}
	return v
}
