namespace Spaces.Onnx.Pipelines.Ocr;

/// <summary>The orientation classifier's answer: the line's angle (0 or 180 degrees) and the probability of that angle.</summary>
public sealed record TextOrientation(int Angle, float Confidence);
