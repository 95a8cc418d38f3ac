package server

import (
	"regexp"
	"strings"
)

// openAPI builds the OpenAPI 3.0 description of the server from its route
// table and the schemas below.
func (s *Server) openAPI() map[string]any {
	paths := map[string]any{}
	for _, r := range s.routes() {
		path := strings.TrimSuffix(r.Path, "{$}")
		op := map[string]any{
			"summary":     r.Summary,
			"operationId": operationID(r.Method, path),
			"tags":        []string{r.Kind},
		}
		var ps []any
		for _, p := range r.Params {
			ps = append(ps, map[string]any{"name": p.Name, "in": p.In, "required": p.In == "path",
				"description": p.Desc, "schema": map[string]any{"type": p.Type}})
		}
		if len(ps) > 0 {
			op["parameters"] = ps
		}
		if r.Body != "" {
			op["requestBody"] = map[string]any{"required": true, "description": r.Body, "content": map[string]any{
				"application/json": map[string]any{"schema": ref("PostBody")},
				"text/plain":       map[string]any{"schema": map[string]any{"type": "string"}},
				"text/html":        map[string]any{"schema": map[string]any{"type": "string"}},
			}}
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		}
		ok := map[string]any{"description": "OK"}
		switch {
		case r.Schema != "":
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(r.Schema)}}
		case r.Kind == "page":
			ok["content"] = map[string]any{"text/html": map[string]any{"schema": map[string]any{"type": "string"}}}
		case r.Path == "/api/openapi.json":
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
		}
		responses := map[string]any{"200": ok}
		if r.Kind == "api" {
			e := map[string]any{"application/json": map[string]any{"schema": ref("Error")}}
			responses["400"] = map[string]any{"description": "a parameter is malformed", "content": e}
			if r.Path != "/api/openapi.json" {
				responses["429"] = map[string]any{"description": "this client has too many requests in progress " +
					"(see Retry-After)", "content": e}
				responses["503"] = map[string]any{"description": "the request's deadline passed (the query was " +
					"cancelled) or the server is busy (see Retry-After)", "content": e}
			}
		}
		if r.Method == "POST" {
			responses["201"] = map[string]any{"description": "stored", "content": ok["content"]}
			responses["401"] = map[string]any{"description": "missing or wrong token"}
			responses["403"] = map[string]any{"description": "the server is read-only (no token configured)"}
			responses["413"] = map[string]any{"description": "body too large"}
		}
		if strings.Contains(path, "{id}") {
			responses["404"] = map[string]any{"description": "no such document"}
		}
		op["responses"] = responses
		item, _ := paths[path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[path] = item
		}
		item[strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "sitrep",
			"version": "1",
			"description": "The situation picture sitrep builds from news articles: documents with their annotations " +
				"(byte-offset spans into the clean text), actors, PLOVER/CAMEO events, quotes, time series and the actor " +
				"network. Lists are paginated with limit and offset in a stable order; next_offset is absent on the last page. " +
				"Events, quotes and documents also page by cursor: a full page carries next_after, and after=CURSOR " +
				"lists what follows, as cheaply on the thousandth page as on the first. " +
				"Actor codes are a country code (USA), a canonical name (Islamic State) or a gazetteer key.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas(),
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer"},
			},
		},
	}
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

func operationID(method, path string) string {
	id := strings.ToLower(method)
	for _, part := range nonWord.Split(path, -1) {
		if part != "" {
			id += strings.ToUpper(part[:1]) + part[1:]
		}
	}
	return id
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// obj is an object schema from "name:type" pairs; a type naming a schema
// (capitalised) becomes a reference, "[]T" an array of T.
func obj(fields ...string) map[string]any {
	props := map[string]any{}
	for _, f := range fields {
		name, typ, _ := strings.Cut(f, ":")
		props[name] = typeSchema(typ)
	}
	return map[string]any{"type": "object", "properties": props}
}

func typeSchema(typ string) map[string]any {
	if elem, ok := strings.CutPrefix(typ, "[]"); ok {
		return map[string]any{"type": "array", "items": typeSchema(elem)}
	}
	if typ != "" && typ[0] >= 'A' && typ[0] <= 'Z' {
		return ref(typ)
	}
	return map[string]any{"type": typ}
}

func pageOf(item string) map[string]any {
	return obj("items:[]"+item, "limit:integer", "offset:integer", "next_offset:integer", "next_after:string", "view:string")
}

// schemas are the JSON shapes the API returns, kept beside the Go types of
// api.go (a test decodes real responses against them).
func schemas() map[string]any {
	return map[string]any{
		"Error": obj("error:string"),
		"Stats": obj("documents:integer", "entities:integer", "quotes:integer", "times:integer", "events:integer",
			"problems:integer"),
		"DocumentRow": obj("id:integer", "hash:string", "path:string", "url:string", "title:string", "outlet:string",
			"published:string", "events:integer", "quotes:integer", "problems:integer", "snippet:string"),
		"DocumentPage": pageOf("DocumentRow"),
		"SearchHit": obj("id:integer", "hash:string", "path:string", "url:string", "title:string", "outlet:string",
			"published:string", "events:integer", "quotes:integer", "problems:integer", "snippet:string", "story:string"),
		"StoryOutlet": obj("outlet:string", "articles:integer"),
		"HitStory": obj("id:string", "headline:string", "first_seen:string", "last_seen:string", "articles:integer",
			"duplicates:integer", "sources:integer", "outlets:[]StoryOutlet", "hits:[]integer"),
		"SearchPage": obj("items:[]SearchHit", "limit:integer", "offset:integer", "next_offset:integer",
			"stories:[]HitStory"),
		"Document": obj("id:integer", "path:string", "title:string", "outlet:string", "published:string",
			"text:string", "entities:[]object", "quotes:[]object", "times:[]object", "events:[]object",
			"problems:[]string", "url:string", "hash:string", "format:string", "sentences:[]array", "tokens:[]object"),
		"PostBody": obj("text:string", "published:string", "url:string", "title:string"),
		"Posted":   obj("id:integer", "hash:string", "added:boolean", "events:integer"),
		"Actor": obj("code:string", "name:string", "type:string", "country:string", "role:string", "key:string",
			"documents:integer", "mentions:integer", "events:integer", "node:string"),
		"ActorPage": pageOf("Actor"),
		"Party":     obj("code:string", "name:string", "country:string", "type:string", "role:string", "sector:string"),
		"Event": obj("id:integer", "document:integer", "event_id:string", "type:string", "mode:string",
			"cameo:string", "goldstein:number", "date:string", "negated:boolean", "modality:string",
			"actor:[]Party", "recipient:[]Party", "source:string", "evidence:string", "trigger:string",
			"start:integer", "end:integer", "title:string", "outlet:string", "published:string", "url:string",
			"place:Place"),
		"Place": obj("entity:string", "type:string", "geonameid:integer", "name:string", "lat:number", "lon:number",
			"country:string", "admin1:string", "feature:string"),
		"EventPage": pageOf("Event"),
		"Quote": obj("id:integer", "document:integer", "text:string", "speaker:string", "country:string",
			"role:string", "direct:boolean", "cue:string", "start:integer", "end:integer", "title:string",
			"published:string"),
		"QuotePage": pageOf("Quote"),
		"Point": obj("period:string", "events:integer", "cooperative:integer", "conflictual:integer",
			"goldstein:number", "cooperation:number", "conflict:number"),
		"Series":  obj("actor:string", "recipient:string", "interval:string", "points:[]Point", "view:string"),
		"Node":    obj("id:string", "name:string", "type:string", "country:string", "events:integer"),
		"Edge":    obj("source:string", "target:string", "events:integer", "goldstein:number"),
		"Network": obj("nodes:[]Node", "edges:[]Edge", "view:string"),
	}
}
