import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { OfflineError } from '../../api/client';
import type { Auth } from '../../api/session';
import { TeachCompleteMaterialUploadMutation, TeachRequestMaterialUploadMutation } from '../../api/teach-operations';
import { recall, UploadCancelled, type UploadProgress, UploadFailed, uploadFile } from '../../api/upload';
import { useUi } from '../../context';
import type { TeachMaterialFieldsFragment } from '../../gql/graphql';
import { formatBytes, formatNumber } from '../../i18n';
import { Meter } from '../status';
import { FailureNote, useAction } from './shared';

const ACCEPT: Record<string, string> = {
  VIDEO: 'video/mp4,video/webm,.mp4,.webm',
  AUDIO: 'audio/*,.mp3,.m4a,.ogg,.wav,.flac',
  DOCUMENT: 'application/pdf,.pdf,.docx,.odt',
  SLIDES: 'application/pdf,.pdf,.pptx,.odp',
  IMAGE: 'image/png,image/jpeg,image/webp',
};

/**
 * A material's file: pick it, send it with a progress bar, and after a cut connection send only
 * what is missing (*Lanjutkan unggahan*). What a resume needs is kept on the device, so after a
 * reload picking the same file again resumes too. *Batalkan unggahan* stops it; uploading the same
 * file later still sends only what the store lacks.
 */
export function MaterialUpload({
  auth,
  material,
  onSessionEnded,
  onUploaded,
}: {
  auth: Auth;
  material: TeachMaterialFieldsFragment;
  onSessionEnded: () => void;
  onUploaded: (material: TeachMaterialFieldsFragment) => void;
}) {
  const { t, language } = useUi();
  const memoryKey = `material.${material.id}`;
  const [file, setFile] = useState<File | undefined>();
  const [progress, setProgress] = useState<UploadProgress | undefined>();
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction(onSessionEnded);
  const [pending, setPending] = useState(() => recall(memoryKey));
  const input = useRef<HTMLInputElement>(null);
  const uploadButton = useRef<HTMLButtonElement>(null);
  const inputId = `file-${material.id}`;
  const controller = useRef<AbortController | undefined>(undefined);
  const cancelled = error instanceof UploadCancelled;
  // The cancel button goes away with the upload: the focus goes to the button that starts it again.
  useLayoutEffect(() => {
    if (cancelled && !busy) uploadButton.current?.focus();
  }, [cancelled, busy]);

  const start = async () => {
    if (!file) return;
    setDone(false);
    const abort = (controller.current = new AbortController());
    const answer = await run(() =>
      uploadFile({
        file,
        memoryKey,
        signal: abort.signal,
        onProgress: setProgress,
        request: async (declared) => (await auth.run(TeachRequestMaterialUploadMutation, { materialId: material.id, file: declared })).requestMaterialUpload,
        complete: async (uploadId) => (await auth.run(TeachCompleteMaterialUploadMutation, { materialId: material.id, uploadId })).completeMaterialUpload,
      }),
    );
    setPending(recall(memoryKey));
    if (!answer) return;
    setDone(true);
    setProgress(undefined);
    setFile(undefined);
    if (input.current) input.current.value = '';
    onUploaded(answer);
  };

  // A lost connection (to the store or to the API) keeps what was sent: resuming is worth offering.
  const resumable = Boolean(file) && (error instanceof UploadFailed || error instanceof OfflineError);
  const n = (value: number) => formatNumber(language, value);
  const percent = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : 0;
  const progressText = progress
    ? progress.phase === 'hashing'
      ? t.teachUploadHashing(n(Math.floor(percent)))
      : progress.phase === 'sending'
        ? t.teachUploadSending(formatBytes(language, progress.done), formatBytes(language, progress.total), n(Math.floor(percent)))
        : t.teachUploadVerifying
    : '';

  return (
    <div class="teach-upload">
      <label for={inputId}>{material.currentVersion ? t.teachReplaceFile : t.teachChooseFile}</label>
      <input
        id={inputId}
        ref={input}
        type="file"
        accept={ACCEPT[material.kind]}
        disabled={busy}
        onChange={(event) => {
          setFile((event.currentTarget as HTMLInputElement).files?.[0]);
          setDone(false);
          setProgress(undefined);
        }}
      />
      {pending && !busy && !resumable && !cancelled && (
        <p class="small notice" data-testid="upload-pending">
          {t.teachUploadPending(pending.filename, formatBytes(language, pending.size))}
        </p>
      )}
      {progress && (busy || (error && !cancelled)) ? (
        <div class="teach-progress" data-testid="upload-progress">
          <Meter percent={percent} label={t.teachUploadProgressLabel(material.title)} text={progressText} />
          <p class="small">{progressText}</p>
        </div>
      ) : null}
      {/* Phase changes are announced; the bar itself carries the running percent. */}
      <p class="visually-hidden" aria-live="polite">
        {busy && progress ? (progress.phase === 'sending' ? t.teachUploadStarted : progress.phase === 'completing' ? t.teachUploadVerifying : t.teachUploadHashingShort) : ''}
        {done ? t.teachUploadDone : ''}
      </p>
      {!busy && !cancelled && <FailureNote error={error} />}
      {!busy && cancelled && (
        <p class="small" role="status">
          {t.teachUploadCancelled}
        </p>
      )}
      {done && (
        <p class="small" role="status">
          {t.teachUploadDone}
        </p>
      )}
      <div class="teach-buttons">
        {resumable ? (
          <button class="primary" type="button" onClick={start}>
            {t.teachUploadResume}
          </button>
        ) : (
          <button ref={uploadButton} class="primary" type="button" disabled={!file || busy} onClick={start}>
            {busy ? t.teachUploading : t.teachUpload}
          </button>
        )}
        {busy && progress?.phase !== 'completing' && (
          <button type="button" onClick={() => controller.current?.abort()}>
            {t.teachUploadCancel}
          </button>
        )}
      </div>
    </div>
  );
}
