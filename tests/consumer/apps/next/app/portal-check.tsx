'use client';
// The SDK in a client component: imported at the top (so the server render evaluates the
// package too), the wasm loaded in an effect (browser only).
import { useEffect, useState } from 'react';
import init from 'epilot-portal-sdk';
import { urlsFromPage, outcomeText, runChecks, settle, type Result } from '../../shared/portal-check.js';

export default function PortalCheck() {
  const [result, setResult] = useState<Result | null>(null);
  useEffect(() => {
    let live = true;
    settle(async () => {
      await init();
      return runChecks(urlsFromPage());
    }).then((r) => {
      if (live) setResult(r);
    });
    return () => {
      live = false;
    };
  }, []);
  const done = result === null ? undefined : result.ok ? 'ok' : 'error';
  return (
    <pre id="result" data-done={done}>
      {result === null ? 'running…' : outcomeText(result)}
    </pre>
  );
}
