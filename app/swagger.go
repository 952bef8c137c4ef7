package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"

	"github.com/aitbc/aitbc/docs/openapi"
)

// registerSwagger serves, when api.swagger is true, the OpenAPI document of
// the REST routes (docs/openapi, embedded) at /swagger/openapi.yaml and
// /swagger/openapi.json, and at /swagger/ a page listing every route with a
// form to try the GET ones. Off (the default, as in the SDK) nothing is
// registered and /swagger/ falls through to the gateway, which answers 501.
//
// The page is rendered here from the document rather than by Swagger UI:
// the node needs no vendored third-party JavaScript (megabytes, to be kept
// up to date) and no CDN, and any OpenAPI tool can load the document itself.
func registerSwagger(rtr *mux.Router, enabled bool) error {
	if !enabled {
		return nil
	}
	js, err := openapi.JSON()
	if err != nil {
		return fmt.Errorf("openapi document: %w", err)
	}
	page, err := swaggerPage(js)
	if err != nil {
		return fmt.Errorf("swagger page: %w", err)
	}
	get := []string{http.MethodGet, http.MethodHead}
	rtr.Handle("/swagger", http.RedirectHandler("/swagger/", http.StatusMovedPermanently)).Methods(get...)
	rtr.Handle("/swagger/", staticHandler("text/html; charset=utf-8", page)).Methods(get...)
	rtr.Handle("/swagger/openapi.yaml", staticHandler("application/yaml", openapi.YAML)).Methods(get...)
	rtr.Handle("/swagger/openapi.json", staticHandler("application/json", js)).Methods(get...)
	return nil
}

func staticHandler(contentType string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body)
	})
}

// The parts of a Swagger 2.0 document the page shows.
type swaggerDoc struct {
	Info struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Description string `json:"description"`
	} `json:"info"`
	Tags []struct {
		Name string `json:"name"`
	} `json:"tags"`
	Paths map[string]map[string]swaggerOp `json:"paths"`
}

type swaggerOp struct {
	Method      string   `json:"-"`
	Path        string   `json:"-"`
	OperationID string   `json:"operationId"`
	Summary     string   `json:"summary"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
	Parameters  []struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Type     string `json:"type"`
		Format   string `json:"format"`
		Required bool   `json:"required"`
	} `json:"parameters"`
}

type swaggerTag struct {
	Name string
	Ops  []swaggerOp
}

// swaggerPage renders the route list of the document, grouped by service.
func swaggerPage(docJSON []byte) ([]byte, error) {
	var doc swaggerDoc
	if err := json.Unmarshal(docJSON, &doc); err != nil {
		return nil, err
	}
	byTag := map[string][]swaggerOp{}
	for path, item := range doc.Paths {
		for method, op := range item {
			op.Method, op.Path = strings.ToUpper(method), path
			for _, tag := range op.Tags {
				byTag[tag] = append(byTag[tag], op)
			}
		}
	}
	tags := make([]swaggerTag, 0, len(doc.Tags))
	for _, t := range doc.Tags {
		ops := byTag[t.Name]
		sort.Slice(ops, func(i, j int) bool {
			if ops[i].Path != ops[j].Path {
				return ops[i].Path < ops[j].Path
			}
			return ops[i].Method < ops[j].Method
		})
		tags = append(tags, swaggerTag{Name: t.Name, Ops: ops})
	}
	var buf bytes.Buffer
	err := swaggerTemplate.Execute(&buf, map[string]any{
		"Title": doc.Info.Title, "Version": doc.Info.Version, "Description": doc.Info.Description, "Tags": tags,
	})
	return buf.Bytes(), err
}

var swaggerTemplate = template.Must(template.New("swagger").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
code, pre, input { font-family: ui-monospace, monospace; }
.desc { white-space: pre-wrap; color: #444; }
details { border: 1px solid #ddd; border-radius: 4px; margin: .3em 0; padding: .3em .6em; }
summary { cursor: pointer; }
.m { display: inline-block; width: 4em; font-weight: bold; }
.GET { color: #0a6; } .POST { color: #06c; }
label { display: block; margin: .2em 0; }
label em { color: #777; }
pre.out { background: #f6f6f6; max-height: 30em; overflow: auto; padding: .5em; }
pre.out:empty { display: none; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p>version {{.Version}}</p>
<p class="desc">{{.Description}}</p>
<p>The OpenAPI 2.0 document: <a href="openapi.yaml">openapi.yaml</a>, <a href="openapi.json">openapi.json</a>;
load it into any OpenAPI tool (Swagger UI, Postman, a client generator).</p>
<ul>{{range .Tags}}<li><a href="#{{.Name}}">{{.Name}}</a> ({{len .Ops}})</li>{{end}}</ul>
{{range .Tags}}<section id="{{.Name}}">
<h2>{{.Name}}</h2>
{{range .Ops}}<details>
<summary><span class="m {{.Method}}">{{.Method}}</span> <code>{{.Path}}</code> {{.Summary}}</summary>
{{if .Description}}<p class="desc">{{.Description}}</p>{{end}}
<p>operation <code>{{.OperationID}}</code></p>
<form data-path="{{.Path}}">
{{range .Parameters}}<label><code>{{.Name}}</code> <em>{{.In}}{{if .Type}}, {{.Type}}{{end}}{{if .Format}} ({{.Format}}){{end}}{{if .Required}}, required{{end}}</em>
{{if ne .In "body"}}<input name="{{.Name}}" data-in="{{.In}}">{{end}}</label>
{{end}}{{if eq .Method "GET"}}<button>Send</button>{{end}}
<pre class="out"></pre>
</form>
</details>
{{end}}</section>
{{end}}<script>
document.addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target, out = form.querySelector('.out');
  let path = form.dataset.path;
  const query = new URLSearchParams();
  for (const input of form.querySelectorAll('input')) {
    if (input.dataset.in === 'path') path = path.replace('{' + input.name + '}', encodeURIComponent(input.value));
    else if (input.value !== '') query.append(input.name, input.value);
  }
  const url = path + (query.toString() ? '?' + query : '');
  out.textContent = 'GET ' + url;
  try {
    const res = await fetch(url);
    let body = await res.text();
    try { body = JSON.stringify(JSON.parse(body), null, 2); } catch (_) {}
    out.textContent = res.status + ' GET ' + url + '\n' + body;
  } catch (err) {
    out.textContent = String(err);
  }
});
</script>
</body>
</html>
`))
