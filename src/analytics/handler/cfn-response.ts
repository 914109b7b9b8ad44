/**
 * The answer of a Lambda-backed CloudFormation custom resource: a PUT of a JSON document to the
 * pre-signed S3 URL of the request.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** The fields of a custom resource request the answer repeats. */
export interface CustomResourceRequestIds {
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
}

export interface CustomResourceAnswer {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly PhysicalResourceId: string;
  /** Why it failed, shown in the stack events (CloudFormation keeps up to 4 KB of the document). */
  readonly Reason?: string;
  readonly Data?: { [key: string]: string };
}

/** Sends the answer; rejects when the URL does not take it. */
export function sendAnswer(request: CustomResourceRequestIds, answer: CustomResourceAnswer): Promise<void> {
  const body = JSON.stringify({
    ...answer,
    Reason: answer.Reason?.slice(0, 3000),
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
  });
  const url = new URL(request.ResponseURL);
  // The pre-signed URL is signed without a content type: sending one would break the signature.
  const options = { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } };
  const transport = url.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const put = transport.request(url, options, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200
        ? resolve()
        : reject(new Error(`The custom resource answer was refused with HTTP ${response.statusCode}.`))));
    });
    put.on('error', reject);
    put.end(body);
  });
}
