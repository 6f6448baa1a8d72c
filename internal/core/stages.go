package core

import (
	"context"

	"github.com/netsyncd/netsyncd/internal/pipeline"
)

// A Stage adds to the analysis (see the package doc): planned entries and
// findings. It is pure, and ends soon after ctx is done, with its error.
type Stage func(ctx context.Context, in *Inputs, an *pipeline.Analysis) error

// stages run in order after pipeline's expand, classify, check and plan.
var stages = []Stage{}

// Analyze runs every stage over in's sources: what `explain`, `report` and
// a pass all see. It reads in.Config, in.Classifier, in.Sources,
// in.Window and in.Now, and whatever a stage documents it reads.
func Analyze(ctx context.Context, in *Inputs) (pipeline.Analysis, error) {
	an, err := pipeline.AnalyzeContext(ctx, in.Config, in.Classifier, in.Sources, in.Window)
	if err != nil {
		return pipeline.Analysis{}, err
	}
	for _, stage := range stages {
		if err := stage(ctx, in, &an); err != nil {
			return pipeline.Analysis{}, err
		}
	}
	return an, nil
}
