/**
 * The BERT encoder (HuggingFace-compatible, built from DJL operations), the sequence-classification
 * head, weight sources (local HuggingFace directory, ONNX export, the built-in MiniLM; a hub
 * snapshot is a directory), safetensors reading and writing, freezing, and saving in HuggingFace
 * layout.
 *
 * <p>Entry points: {@link dev.fairtune.model.ModelSource}, {@link
 * dev.fairtune.model.PretrainedModel}, {@link dev.fairtune.model.BertClassifier}, {@link
 * dev.fairtune.model.Freezing}, {@link dev.fairtune.model.HfSaver}.
 */
package dev.fairtune.model;
