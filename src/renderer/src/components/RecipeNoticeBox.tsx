import { dismissRecipeNotice, useRecipeNoticeStore } from '../recipes/recipe-drop';

/** What an image dropped on the parameters gave, and what it could not. */
export function RecipeNoticeBox() {
  const notice = useRecipeNoticeStore((state) => state.notice);
  if (notice === null) return null;
  return (
    <div role="status" aria-label="Recipe" className="recipe-notice">
      {notice.source === null ? (
        <p>
          {notice.fileName} carries no recipe Redraw can read. To use it as the sketch, drop it on <em>Input image</em>.
        </p>
      ) : (
        <p>
          Filled from {notice.fileName} ({notice.source}): {notice.filled.length > 0 ? notice.filled.join(', ') : 'nothing it names fits'}.
        </p>
      )}
      {notice.notMapped.length > 0 && (
        <>
          <p className="recipe-notice-head">Not carried over:</p>
          <ul className="recipe-notice-list">
            {notice.notMapped.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="button button--small" onClick={dismissRecipeNotice}>
        Dismiss
      </button>
    </div>
  );
}
