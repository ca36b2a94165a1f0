import { GenerateBar } from './GenerateBar';
import { InputDropZone } from './InputDropZone';
import { InputMeta } from './InputMeta';
import { ParamsForm } from './ParamsForm';
import { WatchSketchFile } from './WatchSketchFile';

/** The left column: the sketch, how to redraw it, and the button that does it. */
export function ComposePanel() {
  return (
    <section className="compose" aria-labelledby="compose-heading">
      <h2 id="compose-heading" className="visually-hidden">
        New image
      </h2>
      <div className="card">
        <h3 className="card-title">Sketch</h3>
        <InputDropZone />
        <InputMeta />
        <WatchSketchFile />
      </div>
      <div className="card">
        <h3 className="card-title">Parameters</h3>
        <ParamsForm />
      </div>
      <GenerateBar />
    </section>
  );
}
