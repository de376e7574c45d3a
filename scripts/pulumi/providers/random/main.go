// Command pulumi-resource-random is watercloud's native provider serving the interface of the @pulumi/random SDK
// (its tokens, property names, defaults, secrets and state shape) on the engine's gRPC protocol. It is not Pulumi's
// provider: that one bridges terraform-provider-random, whose source no module mirror here serves. Every value comes
// from crypto/rand (except RandomInteger/RandomShuffle with an explicit seed, which are deterministic by design and
// RandomPet's word choice); every input forces replacement, as upstream; Read returns the state unchanged (refresh)
// or rebuilds it from an import ID.
package main

import (
	"context"
	"fmt"
	"reflect"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/provider"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Version is the @pulumi/random version served (package-lock.json); build.sh sets it with -ldflags.
var Version = "0.0.0-dev"

type server struct {
	pulumirpc.UnimplementedResourceProviderServer
	acceptSecrets bool
}

func main() {
	if err := provider.Main("random", func(*provider.HostClient) (pulumirpc.ResourceProviderServer, error) {
		return &server{}, nil
	}); err != nil {
		fmt.Println(err)
	}
}

var marshal = plugin.MarshalOptions{KeepUnknowns: true, KeepSecrets: true, KeepOutputValues: false, SkipNulls: true}

func unmarshal(s *structpb.Struct) (resource.PropertyMap, error) {
	m, err := plugin.UnmarshalProperties(s, marshal)
	if m == nil {
		m = resource.PropertyMap{}
	}
	return m, err
}

func kindFor(urn string) (*kind, error) {
	t := string(resource.URN(urn).Type())
	if k := kindOf(t); k != nil {
		return k, nil
	}
	return nil, status.Errorf(codes.InvalidArgument, "unknown resource type %q", t)
}

func (s *server) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: Version}, nil
}

func (s *server) GetSchema(_ context.Context, req *pulumirpc.GetSchemaRequest) (*pulumirpc.GetSchemaResponse, error) {
	if req.GetVersion() > 0 {
		return nil, status.Errorf(codes.InvalidArgument, "schema version %d is not supported", req.GetVersion())
	}
	b, err := schemaJSON(Version)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.GetSchemaResponse{Schema: string(b)}, nil
}

func (s *server) CheckConfig(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	return &pulumirpc.CheckResponse{Inputs: req.GetNews()}, nil
}

func (s *server) DiffConfig(context.Context, *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	return &pulumirpc.DiffResponse{Changes: pulumirpc.DiffResponse_DIFF_NONE}, nil
}

func (s *server) Configure(_ context.Context, req *pulumirpc.ConfigureRequest) (*pulumirpc.ConfigureResponse, error) {
	s.acceptSecrets = req.GetAcceptSecrets()
	return &pulumirpc.ConfigureResponse{AcceptSecrets: true, SupportsPreview: true}, nil
}

// Check fills in the SDK's defaults and reports bad inputs by property, before anything is created.
func (s *server) Check(_ context.Context, req *pulumirpc.CheckRequest) (*pulumirpc.CheckResponse, error) {
	k, err := kindFor(req.GetUrn())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	if k.hasProp("numeric") {
		syncNumber(news) // before the defaults, so that the one a program set wins
	}
	var failures []*pulumirpc.CheckFailure
	declared := map[string]bool{}
	for _, p := range k.props {
		if p.output {
			continue
		}
		declared[p.name] = true
		if _, ok := news[resource.PropertyKey(p.name)]; !ok {
			if p.required {
				failures = append(failures, &pulumirpc.CheckFailure{Property: p.name, Reason: fmt.Sprintf("missing required property '%s'", p.name)})
			} else if p.def != nil {
				news[resource.PropertyKey(p.name)] = defaultValue(p)
			}
		}
	}
	for _, key := range news.StableKeys() {
		if !declared[string(key)] && !resource.IsInternalPropertyKey(key) {
			failures = append(failures, &pulumirpc.CheckFailure{Property: string(key), Reason: fmt.Sprintf("%s has no input '%s'", k.token, key)})
		}
	}
	if k.validate != nil && len(failures) == 0 {
		for prop, reason := range k.validate(news) {
			failures = append(failures, &pulumirpc.CheckFailure{Property: prop, Reason: reason})
		}
	}
	inputs, err := plugin.MarshalProperties(news, marshal)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CheckResponse{Inputs: inputs, Failures: failures}, nil
}

// Diff: every input of every random resource forces a new value (keepers exist for exactly that), so any change of
// an input is a replacement.
func (s *server) Diff(_ context.Context, req *pulumirpc.DiffRequest) (*pulumirpc.DiffResponse, error) {
	k, err := kindFor(req.GetUrn())
	if err != nil {
		return nil, err
	}
	olds, err := unmarshal(req.GetOlds())
	if err != nil {
		return nil, err
	}
	news, err := unmarshal(req.GetNews())
	if err != nil {
		return nil, err
	}
	var replaces []string
	detailed := map[string]*pulumirpc.PropertyDiff{}
	for _, p := range k.props {
		if p.output {
			continue
		}
		key := resource.PropertyKey(p.name)
		o, hadOld := olds[key]
		n, hasNew := news[key]
		if !hadOld && !hasNew {
			continue
		}
		if hasNew && (n.ContainsUnknowns() || !hadOld || !reflect.DeepEqual(plain(o), plain(n))) || hadOld && !hasNew {
			replaces = append(replaces, p.name)
			kind := pulumirpc.PropertyDiff_UPDATE_REPLACE
			if !hadOld {
				kind = pulumirpc.PropertyDiff_ADD_REPLACE
			} else if !hasNew {
				kind = pulumirpc.PropertyDiff_DELETE_REPLACE
			}
			detailed[p.name] = &pulumirpc.PropertyDiff{Kind: kind, InputDiff: true}
		}
	}
	sort.Strings(replaces)
	changes := pulumirpc.DiffResponse_DIFF_NONE
	if len(replaces) > 0 {
		changes = pulumirpc.DiffResponse_DIFF_SOME
	}
	return &pulumirpc.DiffResponse{Changes: changes, Replaces: replaces, Diffs: replaces, DetailedDiff: detailed, HasDetailedDiff: true}, nil
}

// plain strips secret markers so that a keeper that became a secret with the same value is not a change.
func plain(v resource.PropertyValue) any {
	v = unsecret(v)
	switch {
	case v.IsObject():
		m := map[string]any{}
		for k, e := range v.ObjectValue() {
			m[string(k)] = plain(e)
		}
		return m
	case v.IsArray():
		var a []any
		for _, e := range v.ArrayValue() {
			a = append(a, plain(e))
		}
		return a
	default:
		return v.V
	}
}

// outputs marks the properties the SDK treats as secret as secrets in what the engine stores.
func (s *server) outputs(k *kind, props resource.PropertyMap) (*structpb.Struct, error) {
	for _, p := range k.props {
		key := resource.PropertyKey(p.name)
		if v, ok := props[key]; ok && p.secret && s.acceptSecrets && !v.IsSecret() {
			props[key] = resource.MakeSecret(v)
		}
	}
	return plugin.MarshalProperties(props, marshal)
}

func (s *server) Create(_ context.Context, req *pulumirpc.CreateRequest) (*pulumirpc.CreateResponse, error) {
	k, err := kindFor(req.GetUrn())
	if err != nil {
		return nil, err
	}
	in, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	if req.GetPreview() {
		// Nothing is drawn at preview: every computed property is unknown.
		out := copyInputs(in)
		for _, p := range k.props {
			if p.output {
				out[resource.PropertyKey(p.name)] = resource.MakeComputed(resource.NewStringProperty(""))
			}
		}
		props, err := s.outputs(k, out)
		return &pulumirpc.CreateResponse{Properties: props}, err
	}
	if in.ContainsUnknowns() {
		return nil, status.Errorf(codes.InvalidArgument, "%s: inputs are not known yet", k.token)
	}
	id, out, err := k.create(in)
	if err != nil {
		return nil, err
	}
	props, err := s.outputs(k, out)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.CreateResponse{Id: id, Properties: props}, nil
}

// Read is a refresh (the state is the truth: nothing outside the state holds a random value) or an import.
func (s *server) Read(_ context.Context, req *pulumirpc.ReadRequest) (*pulumirpc.ReadResponse, error) {
	k, err := kindFor(req.GetUrn())
	if err != nil {
		return nil, err
	}
	state, err := unmarshal(req.GetProperties())
	if err != nil {
		return nil, err
	}
	if len(state) > 0 {
		return &pulumirpc.ReadResponse{Id: req.GetId(), Properties: req.GetProperties(), Inputs: req.GetInputs()}, nil
	}
	if k.importID == nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s cannot be imported: its value cannot be recovered from an ID", k.token)
	}
	id, out, err := k.importID(req.GetId())
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "%s: %v", k.token, err)
	}
	inputs := resource.PropertyMap{}
	for _, p := range k.props {
		if v, ok := out[resource.PropertyKey(p.name)]; ok && !p.output {
			inputs[resource.PropertyKey(p.name)] = v
		}
	}
	props, err := s.outputs(k, out)
	if err != nil {
		return nil, err
	}
	ins, err := plugin.MarshalProperties(inputs, marshal)
	if err != nil {
		return nil, err
	}
	return &pulumirpc.ReadResponse{Id: id, Properties: props, Inputs: ins}, nil
}

func (s *server) Update(_ context.Context, req *pulumirpc.UpdateRequest) (*pulumirpc.UpdateResponse, error) {
	return nil, status.Errorf(codes.FailedPrecondition, "%s: random values are replaced, never updated in place", resource.URN(req.GetUrn()).Type())
}

func (s *server) Delete(context.Context, *pulumirpc.DeleteRequest) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (s *server) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

func (s *server) GetMapping(context.Context, *pulumirpc.GetMappingRequest) (*pulumirpc.GetMappingResponse, error) {
	return &pulumirpc.GetMappingResponse{}, nil
}
