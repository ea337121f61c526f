/**
 * The BERT encoder (HuggingFace-compatible), the sequence-classification head, weight sources (local HF directory, ONNX export, HuggingFace hub) and freezing.
 */
package dev.fairtune.model;
