// A server component page (rendered on every request) around the client component that uses
// the SDK: the server render imports the package, the browser loads the wasm.
import PortalCheck from './portal-check';

export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <h1>epilot-portal-sdk in a Next.js app</h1>
      <PortalCheck />
    </main>
  );
}
